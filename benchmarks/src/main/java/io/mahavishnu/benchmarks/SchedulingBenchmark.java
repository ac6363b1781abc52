package io.mahavishnu.benchmarks;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The original's load target, 10 pools × 10 workers under sustained load from 4 clients: latency of a routed no-op
 * task against the same task sent straight to a pool (the difference is what routing costs), and the throughput
 * of one pool's scheduler draining 10 000 queued tasks.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SchedulingBenchmark {

    static final int QUEUED = 10_000;

    private EmbeddedRuntime runtime;
    private PoolManager manager;
    private String firstPool;
    private String drainPool;
    @SuppressWarnings("unchecked")
    private final CompletableFuture<TaskResult>[] blockers = new CompletableFuture[10];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        runtime = EmbeddedRuntime.start("core", null);
        manager = runtime.service(PoolManager.class);
        runtime.configure("io.mahavishnu.manager", "quota_requests", 0);
        for (int i = 0; i < 10; i++) {
            PoolInfo p = manager.spawn(PoolConfig.builder().name("load" + i).workerType("noop").minWorkers(10)
                    .maxWorkers(10).build()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (i == 0) {
                firstPool = p.poolId();
            }
        }
        drainPool = manager.spawn(PoolConfig.builder().name("drain").workerType("noop").minWorkers(10)
                .maxWorkers(10).build()).toCompletableFuture().get(30, TimeUnit.SECONDS)
                .poolId();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        runtime.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Threads(4)
    public TaskResult routedAmongTenPools() {
        return manager.route(Task.ofPrompt("x"), RouteOptions.DEFAULT).toCompletableFuture().join();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Threads(4)
    public TaskResult sentStraightToAPool() {
        return manager.execute(firstPool, Task.ofPrompt("x")).toCompletableFuture().join();
    }

    /** Occupies every worker of the drain pool, so the measured tasks really wait in its queue. */
    @Setup(Level.Invocation)
    public void occupyWorkers() {
        for (int i = 0; i < blockers.length; i++) {
            blockers[i] = manager.execute(drainPool, Task.builder().prompt("block").attribute("delay_ms", "60000")
                    .build()).toCompletableFuture();
        }
    }

    /** Queues 10 000 tasks of mixed priority behind busy workers, frees the workers and waits for all. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(QUEUED)
    public void drainTenThousandQueuedTasks() {
        CompletableFuture<?>[] all = new CompletableFuture<?>[QUEUED];
        for (int i = 0; i < QUEUED; i++) {
            all[i] = manager.execute(drainPool, Task.builder().prompt("q").priority(i % 10).build())
                    .toCompletableFuture();
        }
        for (CompletableFuture<TaskResult> b : blockers) {
            b.cancel(true);
        }
        CompletableFuture.allOf(all).join();
    }
}
