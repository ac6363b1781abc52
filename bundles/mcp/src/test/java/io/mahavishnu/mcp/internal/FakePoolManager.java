package io.mahavishnu.mcp.internal;

import io.mahavishnu.api.manager.BatchListener;
import io.mahavishnu.api.manager.ManagerHealth;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.manager.PoolSummary;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolHealth;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-memory PoolManager: tasks echo their prompt, except prompt "hold", which runs until cancelled. */
class FakePoolManager implements PoolManager {

    final Map<String, PoolInfo> pools = new LinkedHashMap<>();
    final List<Task> tasks = new CopyOnWriteArrayList<>();
    final List<RouteOptions> routes = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<TaskResult>> held = new CopyOnWriteArrayList<>();
    Set<String> types = Set.of("mahavishnu", "echo");
    Set<String> strategies = Set.of("least_loaded", "round_robin", "random", "affinity");
    boolean scalable = true;
    /** Caller kind whose quota is used up, if any. */
    volatile String limited;
    int next = 1;

    @Override
    public synchronized CompletionStage<PoolInfo> spawn(PoolConfig config) {
        if (!types.contains(config.poolType())) {
            return CompletableFuture.failedFuture(PoolManagerException.unknownPoolType(config.poolType(), types));
        }
        String id = config.poolType() + "_" + (next++);
        PoolInfo info = info(id, config, config.minWorkers());
        pools.put(id, info);
        return CompletableFuture.completedFuture(info);
    }

    private static PoolInfo info(String id, PoolConfig config, int workers) {
        return new PoolInfo(id, PoolStatus.RUNNING, workers, config,
                new PoolMetrics(id, PoolStatus.RUNNING, 0, workers, 0, 0, 3, 1, 0, 0.5, 12.5, 0, 0, 2,
                        new io.mahavishnu.api.pool.ScaleDecision(1, 2, "utilization 1.60 above target 0.70",
                                "utilization", java.time.Instant.parse("2026-01-01T00:00:00Z"))), true);
    }

    @Override
    public CompletionStage<TaskResult> execute(String poolId, Task task) {
        String kind = task.attributes().get(Task.ATTR_CALLER_KIND);
        if (kind != null && kind.equals(limited)) {
            return CompletableFuture.failedFuture(new io.mahavishnu.api.manager.RateLimitedException(kind,
                    Duration.ofMillis(41_200), 60, Duration.ofSeconds(60)));
        }
        if (!pools.containsKey(poolId)) {
            return CompletableFuture.failedFuture(PoolManagerException.poolNotFound(poolId));
        }
        tasks.add(task);
        if (task.prompt().equals("hold")) {
            CompletableFuture<TaskResult> f = new CompletableFuture<>();
            held.add(f);
            return f;
        }
        return CompletableFuture.completedFuture(TaskResult.completed(task, poolId, poolId + "-w1", task.prompt(),
                Duration.ofMillis(1500)));
    }

    @Override
    public CompletionStage<TaskResult> route(Task task, RouteOptions options) {
        routes.add(options);
        String kind = task.attributes().get(Task.ATTR_CALLER_KIND);
        if (kind != null && kind.equals(limited)) {
            return CompletableFuture.failedFuture(new io.mahavishnu.api.manager.RateLimitedException(kind,
                    Duration.ofMillis(41_200), 60, Duration.ofSeconds(60)));
        }
        if (pools.isEmpty()) {
            return CompletableFuture.failedFuture(new PoolManagerException(PoolManagerException.NO_POOL_AVAILABLE,
                    "No pools available for routing (spawn a pool first)"));
        }
        String id = options.affinityKey() != null && pools.containsKey(options.affinityKey()) ? options.affinityKey()
                : pools.keySet().iterator().next();
        String strategy = options.strategy() == null ? "least_loaded" : options.strategy();
        return execute(id, task).thenApply(r -> r.withRoute(new TaskResult.RouteInfo(strategy, strategy, 1)));
    }

    @Override
    public CompletionStage<Map<String, TaskResult>> executeBatch(String poolId, List<Task> batch, BatchListener l) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean cancel(String taskId) {
        return false;
    }

    @Override
    public synchronized CompletionStage<PoolInfo> scale(String poolId, int targetWorkers) {
        PoolInfo p = pools.get(poolId);
        if (p == null) {
            return CompletableFuture.failedFuture(PoolManagerException.poolNotFound(poolId));
        }
        if (!scalable) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }
        if (targetWorkers < p.config().minWorkers() || targetWorkers > p.config().maxWorkers()) {
            return CompletableFuture.failedFuture(new ValidationException("target_workers", targetWorkers,
                    "must be between " + p.config().minWorkers() + " and " + p.config().maxWorkers()));
        }
        PoolInfo scaled = info(poolId, p.config(), targetWorkers);
        pools.put(poolId, scaled);
        return CompletableFuture.completedFuture(scaled);
    }

    @Override
    public CompletionStage<Map<String, PoolSummary>> aggregateResults(Collection<String> poolIds) {
        Map<String, PoolSummary> out = new LinkedHashMap<>();
        for (String id : poolIds.isEmpty() ? pools.keySet() : poolIds) {
            PoolInfo p = pools.get(id);
            if (p == null) {
                return CompletableFuture.failedFuture(PoolManagerException.poolNotFound(id));
            }
            out.put(id, new PoolSummary(id, 2, p.status(), p.metrics()));
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletionStage<Void> close(String poolId) {
        return pools.remove(poolId) == null ? CompletableFuture.failedFuture(PoolManagerException.poolNotFound(poolId))
                : CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Integer> closeAll() {
        int n = pools.size();
        pools.clear();
        return CompletableFuture.completedFuture(n);
    }

    @Override
    public synchronized List<PoolInfo> list() {
        return new ArrayList<>(pools.values());
    }

    @Override
    public synchronized Optional<PoolInfo> get(String poolId) {
        return Optional.ofNullable(pools.get(poolId));
    }

    @Override
    public CompletionStage<ManagerHealth> health() {
        List<PoolHealth> h = new ArrayList<>();
        for (PoolInfo p : list()) {
            h.add(new PoolHealth(p.poolId(), p.poolType(), HealthStatus.HEALTHY, Map.of("workers_active", p.workers(),
                    "status", "running", "pool_id", "shadow")));
        }
        return CompletableFuture.completedFuture(new ManagerHealth(HealthStatus.HEALTHY, h.size(), h));
    }

    @Override
    public String defaultStrategy() {
        return "least_loaded";
    }

    @Override
    public void setDefaultStrategy(String name) {
    }

    @Override
    public Set<String> strategies() {
        return strategies;
    }

    @Override
    public Set<String> poolTypes() {
        return types;
    }
}
