package io.mahavishnu.manager.internal;

import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolContext;
import io.mahavishnu.api.pool.PoolHealth;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pool for manager tests: tasks complete at once echoing the prompt, unless the prompt is {@code "hold"} (then
 * the test completes them through {@link #held}); {@code "boom"} makes {@code execute} throw.
 */
final class FakePool implements BasePool {

    final PoolContext context;
    final List<CompletableFuture<TaskResult>> held = new CopyOnWriteArrayList<>();
    volatile PoolStatus status = PoolStatus.PENDING;
    volatile int workers;
    volatile boolean failStart;
    volatile HealthStatus healthStatus = HealthStatus.HEALTHY;
    volatile int stops;
    /** When set, every task ends failed (the pool is broken). */
    volatile boolean failAll;

    FakePool(PoolContext context) {
        this.context = context;
    }

    @Override
    public String id() {
        return context.poolId();
    }

    @Override
    public PoolConfig config() {
        return context.config();
    }

    @Override
    public PoolStatus status() {
        return status;
    }

    @Override
    public CompletionStage<Void> start() {
        if (failStart) {
            status = PoolStatus.FAILED;
            return CompletableFuture.failedFuture(new IllegalStateException("cannot start: no workers"));
        }
        workers = config().minWorkers();
        status = PoolStatus.RUNNING;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<TaskResult> execute(Task task) {
        if (status != PoolStatus.RUNNING) {
            return CompletableFuture.failedFuture(new IllegalStateException("pool " + id() + " is " + status));
        }
        if (task.prompt().equals("boom")) {
            throw new IllegalStateException("worker exploded");
        }
        if (failAll) {
            return CompletableFuture.completedFuture(TaskResult.unsuccessful(task, id(), TaskStatus.FAILED,
                    "pool " + id() + " is broken", Duration.ofMillis(1)));
        }
        if (task.prompt().equals("hold")) {
            CompletableFuture<TaskResult> f = new CompletableFuture<>();
            held.add(f);
            return f;
        }
        return CompletableFuture.completedFuture(
                TaskResult.completed(task, id(), id() + "-w1", task.prompt(), Duration.ofMillis(5)));
    }

    void releaseAll(TaskStatus status) {
        for (CompletableFuture<TaskResult> f : held) {
            f.complete(new TaskResult("held", id(), id() + "-w1", status, "done", null, Duration.ofMillis(1), false,
                    null, null, null));
        }
    }

    @Override
    public CompletionStage<Void> scale(int targetWorkers) {
        if (targetWorkers < config().minWorkers() || targetWorkers > config().maxWorkers()) {
            return CompletableFuture.failedFuture(new ValidationException("target_workers", targetWorkers, "bad"));
        }
        workers = targetWorkers;
        context.stateChanged();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<PoolHealth> health() {
        return CompletableFuture.completedFuture(new PoolHealth(id(), config().poolType(), healthStatus,
                Map.of("workers_active", workers)));
    }

    @Override
    public PoolMetrics metrics() {
        return PoolMetrics.ofWorkers(id(), status, 0, workers, 0);
    }

    @Override
    public CompletionStage<Void> stop() {
        stops++;
        for (CompletableFuture<TaskResult> f : held) {
            f.cancel(true);
        }
        status = PoolStatus.STOPPED;
        return CompletableFuture.completedFuture(null);
    }
}
