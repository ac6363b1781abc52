package io.mahavishnu.mcp.internal;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.PoolSummary;
import io.mahavishnu.api.memory.MemoryAggregator;
import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.pool.PoolConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pool-management tools: spawn, list, monitor, scale, close, close all, health and memory search. Each returns
 * an {@link Outcome} and never throws; a call that takes longer than the request timeout ends with an error.
 */
final class PoolTools {

    private final PoolManager manager;
    private final Supplier<MemoryAggregator> memory;
    private final Supplier<Duration> requestTimeout;
    private final ScheduledExecutorService scheduler;

    PoolTools(PoolManager manager, Supplier<MemoryAggregator> memory, Supplier<Duration> requestTimeout,
              ScheduledExecutorService scheduler) {
        this.manager = manager;
        this.memory = memory;
        this.requestTimeout = requestTimeout;
        this.scheduler = scheduler;
    }

    CompletableFuture<Outcome> spawn(ToolArgs a) {
        PoolConfig config = PoolConfig.builder()
                .poolType(a.string("pool_type", PoolConfig.DEFAULT_POOL_TYPE).trim())
                .name(a.string("name", PoolConfig.DEFAULT_NAME))
                .minWorkers(a.integer("min_workers", 1, 0, PoolConfig.MAX_WORKERS_LIMIT))
                .maxWorkers(a.integer("max_workers", 10, 1, PoolConfig.MAX_WORKERS_LIMIT))
                .workerType(a.string("worker_type", PoolConfig.DEFAULT_WORKER_TYPE).trim())
                .extraConfig(a.stringMap("extra_config"))
                .autoScale(a.bool("auto_scale", false))
                .memoryEnabled(a.bool("memory_enabled", true))
                .build();
        return bounded(ToolCatalog.SPAWN, null, manager.spawn(config), p -> Outcome.ok(Wire.Spawned.of(p)));
    }

    Outcome list(ToolArgs a) {
        return Outcome.okList(Wire.Pool.of(manager.list()), "pools");
    }

    CompletableFuture<Outcome> monitor(ToolArgs a) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(a.stringList("pool_ids")));
        MemoryAggregator aggregator = memory.get();
        return bounded(ToolCatalog.MONITOR, null, manager.aggregateResults(ids), summaries -> {
            Map<String, Wire.Summary> out = new LinkedHashMap<>();
            for (Map.Entry<String, PoolSummary> e : summaries.entrySet()) {
                Wire.Memory m = aggregator == null ? null
                        : Wire.Memory.of(aggregator.stats(java.util.Set.of(e.getKey())));
                out.put(e.getKey(), Wire.Summary.of(e.getValue(), m));
            }
            return Outcome.ok(out);
        });
    }

    CompletableFuture<Outcome> scale(ToolArgs a) {
        String poolId = a.requiredString("pool_id").trim();
        int target = a.requiredInteger("target_workers", 0, PoolConfig.MAX_WORKERS_LIMIT);
        PoolInfo before = manager.get(poolId).orElse(null);
        CompletionStage<PoolInfo> scaled = manager.scale(poolId, target);
        return bounded(ToolCatalog.SCALE, poolId, scaled.exceptionally(e -> {
            if (Failures.root(e) instanceof UnsupportedOperationException) {
                String type = before == null ? "" : " (pool type " + before.poolType() + ")";
                throw new IllegalArgumentException("Pool " + poolId + type + " does not support scaling; spawn "
                        + "another pool for more capacity");
            }
            throw new java.util.concurrent.CompletionException(Failures.root(e));
        }), p -> Outcome.ok(new Wire.Scaled(poolId, target, p.workers(), "scaled")));
    }

    CompletableFuture<Outcome> close(ToolArgs a) {
        String poolId = a.requiredString("pool_id").trim();
        return bounded(ToolCatalog.CLOSE, poolId, manager.close(poolId),
                v -> Outcome.ok(new Wire.Closed(poolId, "closed")));
    }

    CompletableFuture<Outcome> closeAll(ToolArgs a) {
        return bounded(ToolCatalog.CLOSE_ALL, null, manager.closeAll(),
                n -> Outcome.ok(new Wire.AllClosed(n, "all_closed")));
    }

    CompletableFuture<Outcome> health(ToolArgs a) {
        return bounded(ToolCatalog.HEALTH, null, manager.health(), h -> Outcome.ok(Wire.Health.of(h)));
    }

    CompletableFuture<Outcome> search(ToolArgs a) {
        String query = a.requiredString("query");
        int limit = a.integer("limit", 100, 1, 1000);
        List<String> poolIds = a.stringList("pool_ids");
        MemoryAggregator aggregator = memory.get();
        if (aggregator == null) {
            return CompletableFuture.completedFuture(Outcome.failed(null, "Memory search is not available: no "
                    + "memory aggregator is deployed (it comes with the memory bundle)"));
        }
        return bounded(ToolCatalog.SEARCH, null, aggregator.search(query, limit, new LinkedHashSet<>(poolIds)),
                hits -> {
                    List<Wire.MemoryHit> out = new ArrayList<>();
                    for (MemoryItem m : hits) {
                        out.add(Wire.MemoryHit.of(m));
                    }
                    return Outcome.okList(out, "results");
                });
    }

    /**
     * Maps the stage's value, turning a failure into an error outcome naming {@code poolId}, and gives up (with an
     * error) after the request timeout.
     */
    private <T> CompletableFuture<Outcome> bounded(String tool, String poolId, CompletionStage<T> stage,
                                                   Function<T, Outcome> onValue) {
        Duration limit = requestTimeout.get();
        CompletableFuture<Outcome> out = stage.toCompletableFuture().handle((v, e) -> e == null ? onValue.apply(v)
                : Outcome.failed(poolId, Failures.message(tool, e)));
        ScheduledFuture<?> timer = scheduler.schedule(() -> out.complete(Outcome.failed(poolId, tool
                + " did not finish within " + limit.toSeconds() + " s (request_timeout_seconds); it may still "
                + "complete, check pool_list")), limit.toMillis(), TimeUnit.MILLISECONDS);
        out.whenComplete((r, e) -> timer.cancel(false));
        return out;
    }
}
