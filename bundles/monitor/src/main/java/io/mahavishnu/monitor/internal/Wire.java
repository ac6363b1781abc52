package io.mahavishnu.monitor.internal;

import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.manager.PoolEvent;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.pool.PoolMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wire shapes (snake_case maps that Jackson writes) of events, bus messages and pools. */
final class Wire {

    private Wire() {
    }

    /** {@code {seq, type, pool_id, task_id, at, data}}, the {@link PoolEvent} wire shape. */
    static Map<String, Object> event(PoolEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("type", e.type());
        m.put("pool_id", e.poolId());
        m.put("task_id", e.taskId());
        m.put("at", e.at().toString());
        m.put("data", e.data());
        return m;
    }

    /** {@code {id, type, source_pool_id, target_pool_id, payload, timestamp}}, the original's message shape. */
    static Map<String, Object> message(Message msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", msg.id());
        m.put("type", msg.type().wireName());
        m.put("source_pool_id", msg.sourcePoolId());
        m.put("target_pool_id", msg.targetPoolId());
        m.put("payload", msg.payload());
        m.put("timestamp", msg.timestamp().toString());
        return m;
    }

    /** A pool as the dashboard shows it. */
    static Map<String, Object> pool(PoolInfo p) {
        PoolMetrics pm = p.metrics();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pool_id", p.poolId());
        m.put("pool_type", p.poolType());
        m.put("name", p.name());
        m.put("status", p.status().wireName());
        m.put("available", p.available());
        m.put("runtime_id", p.runtimeId());
        m.put("workers", p.workers());
        m.put("min_workers", p.config().minWorkers());
        m.put("max_workers", p.config().maxWorkers());
        m.put("active_workers", pm == null ? 0 : pm.activeWorkers());
        m.put("in_flight", pm == null ? 0 : pm.inFlight());
        m.put("queued", pm == null ? 0 : pm.queued());
        m.put("tasks_completed", pm == null ? 0 : pm.tasksCompleted());
        m.put("tasks_failed", pm == null ? 0 : pm.tasksFailed());
        m.put("tasks_timed_out", pm == null ? 0 : pm.tasksTimedOut());
        m.put("tasks_rejected", pm == null ? 0 : pm.tasksRejected());
        m.put("latency_ewma_ms", pm == null ? 0.0 : pm.latencyEwmaMillis());
        return m;
    }
}
