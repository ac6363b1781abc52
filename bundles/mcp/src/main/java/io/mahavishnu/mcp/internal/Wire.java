package io.mahavishnu.mcp.internal;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.mahavishnu.api.manager.ManagerHealth;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolSummary;
import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.memory.MemoryStats;
import io.mahavishnu.api.pool.PoolHealth;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.TaskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tools' result shapes, as the original's wire names: Jackson writes each record component in snake_case
 * ({@code poolId} → {@code pool_id}) through {@link WireMapper}; enums become their lowercase wire names here.
 */
final class Wire {

    private Wire() {
    }

    /** Result of one task ({@code {pool_id, worker_id, status, output, error, duration}} plus newer fields). */
    record Task(String poolId, String workerId, String status, String output, String error, double duration,
                String taskId, boolean outputTruncated, Integer exitCode,
                @JsonInclude(JsonInclude.Include.NON_NULL) Route route,
                @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> metadata) {

        static Task of(TaskResult r) {
            Route route = r.route() == null ? null
                    : new Route(r.route().strategy(), r.route().reason(), r.route().attempts());
            return new Task(r.poolId(), r.workerId(), r.status().wireName(), r.output(), r.error(),
                    r.durationSeconds(), r.taskId(), r.outputTruncated(), r.exitCode(), route, r.metadata());
        }

        @JsonIgnore
        boolean completed() {
            return "completed".equals(status);
        }
    }

    /** Which strategy chose the pool of a routed task, and why (reason code, e.g. affinity_fallback_least_loaded). */
    record Route(String strategy, String reason, int attempts) {
    }

    /** One entry of pool_list; {@code runtime_id} only for a pool of another runtime (federation). */
    record Pool(String poolId, String poolType, String name, String status, int workers, int minWorkers,
                int maxWorkers, String workerType, boolean available,
                @JsonInclude(JsonInclude.Include.NON_NULL) String runtimeId) {

        static Pool of(PoolInfo p) {
            return new Pool(p.poolId(), p.poolType(), p.name(), p.status().wireName(), p.workers(),
                    p.config().minWorkers(), p.config().maxWorkers(), p.config().workerType(), p.available(),
                    p.runtimeId());
        }

        static List<Pool> of(List<PoolInfo> pools) {
            List<Pool> out = new ArrayList<>();
            pools.forEach(p -> out.add(of(p)));
            return out;
        }
    }

    /** pool_spawn success. */
    record Spawned(String poolId, String poolType, String name, String status, int minWorkers, int maxWorkers,
                   String workerType, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> extraConfig) {

        static Spawned of(PoolInfo p) {
            return new Spawned(p.poolId(), p.poolType(), p.name(), "created", p.config().minWorkers(),
                    p.config().maxWorkers(), p.config().workerType(), p.config().extraConfig());
        }
    }

    /** pool_scale success. */
    record Scaled(String poolId, int targetWorkers, int actualWorkers, String status) {
    }

    /** pool_close success. */
    record Closed(String poolId, String status) {
    }

    /** pool_close_all success. */
    record AllClosed(int poolsClosed, String status) {
    }

    /**
     * One entry of pool_monitor: {@code {memory_count, status, metrics, memory}}; {@code memory} only when the memory
     * bundle runs.
     */
    record Summary(int memoryCount, String status, Metrics metrics,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Memory memory) {

        static Summary of(PoolSummary s, Memory memory) {
            return new Summary(s.memoryCount(), s.status().wireName(), Metrics.of(s.metrics()), memory);
        }
    }

    /** A pool's items in the memory outbox: per sink {@code {pending, delivered, parked, available, breaker, last_error}}. */
    record Memory(String lastSync, Map<String, Sink> sinks) {

        static Memory of(MemoryStats s) {
            Map<String, Sink> sinks = new java.util.LinkedHashMap<>();
            s.sinks().forEach((name, k) -> sinks.put(name, new Sink(k.pending(), k.delivered(), k.parked(),
                    k.available(), k.breaker(), k.lastError())));
            return new Memory(s.lastSync() == null ? null : s.lastSync().toString(), sinks);
        }
    }

    /** Delivery figures of one sink. */
    record Sink(long pending, long delivered, long parked, boolean available, String breaker, String lastError) {
    }

    /**
     * A pool's numbers; durations in seconds, latency average in milliseconds; the auto-scaling steps taken and the
     * latest decision (null when the pool does not auto-scale).
     */
    record Metrics(int activeWorkers, int totalWorkers, int inFlight, int queued, long tasksCompleted,
                   long tasksFailed, long tasksTimedOut, long tasksRejected, double avgTaskDuration,
                   double latencyEwmaMs, double memoryUsageMb, long scaleDecisions, Decision lastScaleDecision) {

        static Metrics of(PoolMetrics m) {
            if (m == null) {
                return new Metrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
            }
            return new Metrics(m.activeWorkers(), m.totalWorkers(), m.inFlight(), m.queued(), m.tasksCompleted(),
                    m.tasksFailed(), m.tasksTimedOut(), m.tasksRejected(), m.avgTaskDuration(), m.latencyEwmaMillis(),
                    m.memoryUsageMb(), m.scaleDecisions(), Decision.of(m.lastScaleDecision()));
        }
    }

    /** An auto-scaling decision: {@code {from, to, reason, policy, at}}. */
    record Decision(int from, int to, String reason, String policy, String at) {

        static Decision of(io.mahavishnu.api.pool.ScaleDecision d) {
            return d == null ? null : new Decision(d.from(), d.to(), d.reason(), d.policy(), d.at().toString());
        }
    }

    /** pool_health: {@code {status, pools_active, pools}}. */
    record Health(String status, int poolsActive, List<PoolHealthEntry> pools) {

        static Health of(ManagerHealth h) {
            List<PoolHealthEntry> pools = new ArrayList<>();
            h.pools().forEach(p -> pools.add(PoolHealthEntry.of(p)));
            return new Health(h.status().wireName(), h.poolsActive(), pools);
        }
    }

    /** One pool's own health check: {@code {pool_id, pool_type, status, ...details}}. */
    record PoolHealthEntry(String poolId, String poolType, String status,
                           @JsonIgnore Map<String, Object> details) {

        /** Fields of the entry itself, which a pool's details cannot replace. */
        private static final java.util.Set<String> OWN = java.util.Set.of("pool_id", "pool_type", "status");

        static PoolHealthEntry of(PoolHealth h) {
            Map<String, Object> details = new java.util.LinkedHashMap<>(h.details());
            details.keySet().removeAll(OWN);
            return new PoolHealthEntry(h.poolId(), h.poolType(), h.status().wireName(), details);
        }

        @JsonAnyGetter
        Map<String, Object> detailFields() {
            return details;
        }
    }

    /** One hit of pool_search_memory. */
    record MemoryHit(String id, String poolId, String poolType, String content, Map<String, Object> metadata,
                     String timestamp) {

        static MemoryHit of(MemoryItem m) {
            return new MemoryHit(m.id(), m.poolId(), m.poolType(), m.content(), m.metadata(),
                    m.timestamp().toString());
        }
    }

    /** Any failed tool call: {@code {pool_id?, status: "failed", error}}. */
    record Failure(@JsonInclude(JsonInclude.Include.NON_NULL) String poolId, String status, String error) {

        static Failure of(String poolId, String error) {
            return new Failure(poolId, "failed", error);
        }
    }

    /** A task request refused by the caller-kind quota. */
    record RateLimited(String status, String callerKind, long retryAfterSeconds, String error) {
    }
}
