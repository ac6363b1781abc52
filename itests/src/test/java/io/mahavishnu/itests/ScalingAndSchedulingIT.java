package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** Auto-scaling from load, and the local pool's queue: priorities, deadlines, bound, cancellation. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ScalingAndSchedulingIT extends RuntimeTestSupport {

    @Override
    protected Option[] extraOptions() {
        return new Option[] {systemProperty("policy.bundle").value(PluginJars.fixedPolicy())};
    }

    private static Task held(long millis) {
        return Task.builder().prompt("busy").attribute("delay_ms", Long.toString(millis)).build();
    }

    @Test
    public void aBurstScalesAPoolUpAndTheLullScalesItBackDownAfterTheWindow() throws Exception {
        configure("io.mahavishnu.manager", "autoscale_interval_seconds", 1);
        configure("io.mahavishnu.autoscale.utilization", "cooldown_seconds", 0,
                "scale_down_stabilization_seconds", 3);
        PoolManager manager = manager();
        PoolInfo pool = await(manager.spawn(PoolConfig.builder().name("elastic").workerType("noop")
                .minWorkers(1).maxWorkers(8).autoScale(true).build()));

        List<CompletableFuture<TaskResult>> burst = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            burst.add(manager.execute(pool.poolId(), held(4000)).toCompletableFuture());
        }
        eventually("the pool grows for the burst", () -> workers(manager, pool) >= 4);
        eventually("the pool reaches its maximum", () -> workers(manager, pool) == 8);
        for (CompletableFuture<TaskResult> f : burst) {
            assertThat(f.get(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS).status())
                    .isEqualTo(TaskStatus.COMPLETED);
        }
        eventually("the pool shrinks back after the stabilization window", () -> workers(manager, pool) == 1);
        PoolInfo after = manager.get(pool.poolId()).orElseThrow();
        assertThat(after.metrics().scaleDecisions()).isGreaterThanOrEqualTo(3);
        assertThat(after.metrics().lastScaleDecision().policy()).isEqualTo("utilization");
        await(manager.close(pool.poolId()));
    }

    @Test
    public void aThirdPartyPolicyInstalledAtRuntimeTakesOver() throws Exception {
        configure("io.mahavishnu.manager", "autoscale_interval_seconds", 1);
        PoolManager manager = manager();
        PoolInfo pool = await(manager.spawn(PoolConfig.builder().name("custom").workerType("noop").minWorkers(1)
                .maxWorkers(6).autoScale(true).extra("autoscale_policy", "fixed").build()));
        Bundle policy = context.installBundle(System.getProperty("policy.bundle"));
        try {
            policy.start();
            eventually("the fixed policy sizes the pool", () -> workers(manager, pool) == 4);
            assertThat(manager.get(pool.poolId()).orElseThrow().metrics().lastScaleDecision().reason())
                    .isEqualTo("fixed policy wants 4");
        } finally {
            policy.uninstall();
            await(manager.close(pool.poolId()));
        }
    }

    @Test
    public void waitingTasksRunByPriorityAndExpiredOnesAreNotRun() throws Exception {
        PoolManager manager = manager();
        PoolInfo pool = await(manager.spawn(PoolConfig.builder().name("queue").workerType("noop").minWorkers(1)
                .maxWorkers(1).build()));
        CompletableFuture<TaskResult> busy = manager.execute(pool.poolId(), held(1500)).toCompletableFuture();
        eventually("the only worker is busy", () -> manager.get(pool.poolId()).orElseThrow()
                .metrics().activeWorkers() == 1);

        List<String> order = new CopyOnWriteArrayList<>();
        List<CompletableFuture<TaskResult>> queued = new ArrayList<>();
        for (int priority : new int[] {1, 9, 5, 9}) {
            Task t = Task.builder().prompt("p" + priority).priority(priority).build();
            queued.add(manager.execute(pool.poolId(), t).toCompletableFuture()
                    .whenComplete((r, e) -> order.add(r.output())));
        }
        CompletableFuture<TaskResult> expired = manager.execute(pool.poolId(), Task.builder().prompt("late")
                .deadline(Instant.now().plusMillis(200)).build()).toCompletableFuture();
        Task cancelled = Task.builder().prompt("never").build();
        CompletableFuture<TaskResult> dropped = manager.execute(pool.poolId(), cancelled).toCompletableFuture();
        assertThat(manager.cancel(cancelled.id())).isTrue();

        assertThat(busy.get(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS).status())
                .isEqualTo(TaskStatus.COMPLETED);
        for (CompletableFuture<TaskResult> f : queued) {
            f.get(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(order).containsExactly("p9", "p9", "p5", "p1");
        TaskResult late = expired.get(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(late.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(late.error()).isEqualTo("deadline_exceeded");
        assertThat(dropped.get(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS).status())
                .isEqualTo(TaskStatus.CANCELLED);
        await(manager.close(pool.poolId()));
    }

    @Test
    public void aFullQueueRefusesTheTaskVisiblyAndCountsIt() throws Exception {
        configure("io.mahavishnu.pool.local", "queue_size", 2);
        PoolManager manager = manager();
        PoolInfo pool = await(manager.spawn(PoolConfig.builder().name("small").workerType("noop").minWorkers(1)
                .maxWorkers(1).build()));
        List<CompletableFuture<TaskResult>> all = new ArrayList<>();
        all.add(manager.execute(pool.poolId(), held(1000)).toCompletableFuture());
        eventually("the only worker is busy", () -> manager.get(pool.poolId()).orElseThrow()
                .metrics().activeWorkers() == 1);
        eventually("the queue bound is applied", () -> {
            CompletableFuture<TaskResult> probe = manager.execute(pool.poolId(), Task.ofPrompt("fill"))
                    .toCompletableFuture();
            all.add(probe);
            return probe.isDone() && probe.join().error() != null && probe.join().error().startsWith("queue_full");
        });
        TaskResult refused = all.get(all.size() - 1).join();
        assertThat(refused.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(refused.error()).contains(pool.poolId()).contains("queue_size");
        assertThat(manager.get(pool.poolId()).orElseThrow().metrics().tasksRejected()).isGreaterThanOrEqualTo(1);
        configure("io.mahavishnu.pool.local", "queue_size", 10000);
        await(manager.close(pool.poolId()));
    }

    private static int workers(PoolManager manager, PoolInfo pool) {
        return manager.get(pool.poolId()).orElseThrow().workers();
    }
}
