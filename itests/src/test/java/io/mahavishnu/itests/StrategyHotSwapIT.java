package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * Operators swap the routing strategy of a live runtime — by updating a strategy bundle, by editing the
 * configuration, by a command — while tasks keep coming: no task may be lost or failed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StrategyHotSwapIT extends RuntimeTestSupport {

    private static final int CLIENTS = 4;
    private static final int MIN_TASKS_PER_CLIENT = 50;

    @Test
    public void swappingStrategiesUnderLoadLosesAndFailsNoTask() throws Exception {
        PoolManager manager = manager();
        for (int i = 0; i < 3; i++) {
            await(manager.spawn(PoolConfig.builder().name("load" + i).workerType("noop").minWorkers(2).build()));
        }
        List<CompletableFuture<TaskResult>> results = new CopyOnWriteArrayList<>();
        Map<String, Integer> byStrategy = new ConcurrentHashMap<>();
        AtomicBoolean swapping = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            // each client keeps one task in flight at all times until every swap is done
            for (int c = 0; c < CLIENTS; c++) {
                clients.execute(() -> {
                    for (int i = 0; swapping.get() || i < MIN_TASKS_PER_CLIENT; i++) {
                        CompletableFuture<TaskResult> f = manager.route(Task.builder().prompt("t" + i)
                                .attribute("delay_ms", "2").build(), RouteOptions.DEFAULT).toCompletableFuture();
                        results.add(f);
                        f.handle((r, e) -> r).join();
                    }
                });
            }
            Bundle leastLoaded = installed("io.mahavishnu.routing.leastloaded");
            Bundle roundRobin = installed("io.mahavishnu.routing.roundrobin");
            for (int round = 0; round < 3; round++) {
                // An update that Felix interrupted has installed the new revision but not started it: start it.
                retrying("update least_loaded", () -> {
                    if (leastLoaded.getState() == Bundle.ACTIVE) {
                        leastLoaded.update();
                    } else {
                        leastLoaded.start();
                    }
                });
                configure("io.mahavishnu.manager", "pool_routing_strategy", "round_robin");
                retrying("stop round_robin", roundRobin::stop);
                retrying("start round_robin", roundRobin::start);
                manager.setDefaultStrategy("random");
                configure("io.mahavishnu.manager", "pool_routing_strategy", "least_loaded");
            }
        } finally {
            swapping.set(false); // also when a swap step failed: its exception is the test's result
            clients.shutdown();
            assertThat(clients.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(results).hasSizeGreaterThanOrEqualTo(CLIENTS * MIN_TASKS_PER_CLIENT);
        for (CompletableFuture<TaskResult> f : results) {
            TaskResult r = f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(r.status()).as("task %s: %s", r.taskId(), r.error()).isEqualTo(TaskStatus.COMPLETED);
            byStrategy.merge(r.route().strategy(), 1, Integer::sum);
        }
        assertThat(byStrategy.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(results.size());
        // the swaps happened while tasks were being routed
        assertThat(byStrategy).containsKeys("least_loaded", "round_robin", "random");
        await(manager.closeAll());
    }

    private interface BundleOperation {
        void run() throws BundleException;
    }

    /**
     * A bundle operation, tried again when Felix interrupted it to settle a lock conflict with another framework
     * thread ("Unable to acquire global lock"): the swap itself is what this test is about, not Felix's locking.
     */
    private static void retrying(String what, BundleOperation op) throws BundleException {
        for (int attempt = 1; ; attempt++) {
            try {
                op.run();
                return;
            } catch (BundleException e) {
                if (attempt == 3 || e.getMessage() == null || !e.getMessage().startsWith("Unable to acquire")) {
                    throw e;
                }
                Thread.interrupted(); // the flag Felix set to break the tie
                System.out.println(what + " (attempt " + attempt + "): " + e.getMessage() + "; trying again");
            }
        }
    }
}
