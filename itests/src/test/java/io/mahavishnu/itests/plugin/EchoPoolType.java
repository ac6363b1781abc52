package io.mahavishnu.itests.plugin;

import io.mahavishnu.api.pool.*;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.*;

/** A complete third-party pool type: each task's output is its prompt. Built into its own bundle by the tests. */
public class EchoPoolType implements PoolProvider {
    @Override public BasePool create(PoolContext ctx) {
        return new BasePool() {
            volatile PoolStatus status = PoolStatus.PENDING;
            final Map<String, CompletableFuture<TaskResult>> held = new ConcurrentHashMap<>();
            public String id() { return ctx.poolId(); }
            public PoolConfig config() { return ctx.config(); }
            public PoolStatus status() { return status; }
            public CompletionStage<Void> start() { status = PoolStatus.RUNNING; return CompletableFuture.completedFuture(null); }
            public CompletionStage<TaskResult> execute(Task t) {
                if (!t.prompt().equals("hold")) {
                    return CompletableFuture.completedFuture(TaskResult.completed(t, id(), id() + "-w1", t.prompt(), Duration.ZERO));
                }
                return held.computeIfAbsent(t.id(), k -> new CompletableFuture<>()); // runs until the pool stops
            }
            public CompletionStage<Void> scale(int n) { return CompletableFuture.failedFuture(new UnsupportedOperationException()); }
            public CompletionStage<PoolHealth> health() { return CompletableFuture.completedFuture(new PoolHealth(id(), "echo", HealthStatus.HEALTHY, Map.of())); }
            public PoolMetrics metrics() { return PoolMetrics.ofWorkers(id(), status, held.size(), 1, 0); }
            public CompletionStage<Void> stop() {
                held.values().forEach(f -> f.cancel(true));
                status = PoolStatus.STOPPED;
                return CompletableFuture.completedFuture(null);
            }
        };
    }
}
