package io.mahavishnu.federation.internal;

import io.mahavishnu.api.manager.BatchListener;
import io.mahavishnu.api.manager.ManagerHealth;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.manager.PoolSummary;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pool manager with fixed pools whose tasks end when the test says: {@link #started} holds each task handed to
 * it (with the attributes it arrived with), completed by {@link #finish} or cancelled by {@link #cancel}.
 */
final class FakeManager implements PoolManager {

    final List<PoolInfo> pools = new CopyOnWriteArrayList<>();
    final Map<String, CompletableFuture<TaskResult>> started = new ConcurrentHashMap<>();
    final Map<String, Task> tasks = new ConcurrentHashMap<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();

    String addPool(String poolId, int workers) {
        PoolConfig config = PoolConfig.builder().name(poolId).workerType("noop").minWorkers(1)
                .maxWorkers(Math.max(1, workers)).build();
        pools.add(new PoolInfo(poolId, PoolStatus.RUNNING, workers, config,
                PoolMetrics.ofWorkers(poolId, PoolStatus.RUNNING, 0, workers, 0), true));
        return poolId;
    }

    void finish(String taskId, String output) {
        Task t = tasks.get(taskId);
        started.get(taskId).complete(TaskResult.completed(t, "?", "w-1", output, Duration.ofMillis(5)));
    }

    @Override
    public CompletionStage<TaskResult> execute(String poolId, Task task) {
        if (get(poolId).isEmpty()) {
            return CompletableFuture.failedFuture(PoolManagerException.poolNotFound(poolId));
        }
        CompletableFuture<TaskResult> f = new CompletableFuture<>();
        tasks.put(task.id(), task);
        started.put(task.id(), f);
        return f.thenApply(r -> new TaskResult(r.taskId(), poolId, r.workerId(), r.status(), r.output(), r.error(),
                r.duration(), false, null, null, null));
    }

    @Override
    public boolean cancel(String taskId) {
        cancelled.add(taskId);
        CompletableFuture<TaskResult> f = started.get(taskId);
        return f != null && f.cancel(true);
    }

    @Override
    public List<PoolInfo> list() {
        return new ArrayList<>(pools);
    }

    @Override
    public Optional<PoolInfo> get(String poolId) {
        return pools.stream().filter(p -> p.poolId().equals(poolId)).findFirst();
    }

    @Override
    public CompletionStage<PoolInfo> spawn(PoolConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<TaskResult> route(Task task, RouteOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Map<String, TaskResult>> executeBatch(String poolId, List<Task> tasks,
                                                                 BatchListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<PoolInfo> scale(String poolId, int targetWorkers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Map<String, PoolSummary>> aggregateResults(Collection<String> poolIds) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Void> close(String poolId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Integer> closeAll() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<ManagerHealth> health() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String defaultStrategy() {
        return "least_loaded";
    }

    @Override
    public void setDefaultStrategy(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<String> strategies() {
        return Set.of();
    }

    @Override
    public Set<String> poolTypes() {
        return Set.of("mahavishnu");
    }
}
