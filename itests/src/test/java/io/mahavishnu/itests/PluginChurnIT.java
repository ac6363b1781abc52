package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The local pool type's bundle is uninstalled and installed again {@code churn.cycles} times (default 200) while
 * routed tasks keep flowing: no thread or heap is leaked, and every task submitted ends with a result (completed,
 * or cancelled/failed with the reason) — none is stuck or lost.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginChurnIT extends RuntimeTestSupport {

    private static final int CYCLES = Integer.getInteger("churn.cycles", 200);

    @Override
    protected Option[] extraOptions() {
        return new Option[] {systemProperty("echo.bundle").value(PluginJars.echoPoolType()),
            systemProperty("churn.cycles").value(Integer.toString(CYCLES))};
    }

    @Test
    public void installingAndUninstallingAPoolTypeUnderLoadLeaksNothingAndLosesNoTask() throws Exception {
        PoolManager manager = manager();
        context.installBundle(System.getProperty("echo.bundle")).start();
        await(manager.spawn(PoolConfig.builder().poolType("echo").name("steady").build()));
        PoolInfo churned = await(manager.spawn(PoolConfig.builder().name("churned").workerType("noop")
                .minWorkers(2).build()));

        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        List<String> unexplained = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch loadDone = new CountDownLatch(1);
        Thread load = new Thread(() -> {
            try {
                while (running.get()) {
                    // every routed task must end within the timeout, with a result that says what happened
                    TaskResult r = manager.route(Task.builder().prompt("load").attribute("delay_ms", "1").build(),
                            RouteOptions.strategy("round_robin")).toCompletableFuture()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    outcomes.merge(r.status().wireName(), 1, Integer::sum);
                    if (r.status() != TaskStatus.COMPLETED && (r.error() == null || r.error().isBlank())) {
                        unexplained.add(r.taskId());
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000); // steady, not a busy loop
                }
            } catch (Exception e) {
                unexplained.add("load stopped: " + e);
            } finally {
                loadDone.countDown();
            }
        }, "churn-load");
        load.start();

        cycle(manager, churned); // warm-up: classes loaded, pools and executors created once
        long threadsBefore = threads();
        long heapBefore = heapAfterGc();
        for (int i = 1; i < CYCLES; i++) {
            cycle(manager, churned);
        }
        running.set(false);
        assertThat(loadDone.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        long threadsAfter = threads();
        long heapAfter = heapAfterGc();

        System.out.printf("churn: %d cycles, routed tasks %s, threads %d -> %d, heap %d MB -> %d MB%n", CYCLES,
                outcomes, threadsBefore, threadsAfter, heapBefore >> 20, heapAfter >> 20);
        assertThat(unexplained).as("tasks without a result or a reason").isEmpty();
        assertThat(threadsAfter).as("live threads after the cycles").isLessThanOrEqualTo(threadsBefore + 3);
        assertThat(heapAfter).as("heap after the cycles").isLessThan(heapBefore + (32L << 20));
        assertThat(outcomes.getOrDefault("completed", 0)).isGreaterThan(CYCLES);
        await(manager.closeAll());
    }

    /** Uninstalls the local pool bundle, runs a task meanwhile, installs it again and uses the restored pool. */
    private void cycle(PoolManager manager, PoolInfo churned) throws Exception {
        Bundle local = installed("io.mahavishnu.pool.local");
        String location = local.getLocation();
        local.uninstall();
        refresh();
        Bundle again = context.installBundle(location);
        again.start();
        awaitRunning(churned.poolId());
        TaskResult r = await(manager.execute(churned.poolId(), Task.ofPrompt("after restart")));
        assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
    }

    private void refresh() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertThat(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    private static long threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
