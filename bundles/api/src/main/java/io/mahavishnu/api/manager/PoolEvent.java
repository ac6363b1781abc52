package io.mahavishnu.api.manager;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a pool or a task, as the manager saw it; delivered to {@link PoolEventListener}s.
 * Wire shape: {@code {seq, type, pool_id, task_id, at, data}}.
 *
 * @param seq    position in the manager's event sequence, increasing by one per event (listeners can tell gaps)
 * @param type   one of the constants below
 * @param poolId the pool
 * @param taskId the task for task events, else null
 * @param at     when
 * @param data   details: e.g. {@code pool_type}, {@code status}, {@code from}/{@code to}, {@code strategy},
 *               {@code reason}, {@code duration}, {@code error} — JSON-like values only
 */
public record PoolEvent(long seq, String type, String poolId, String taskId, Instant at, Map<String, Object> data) {

    /** A pool was spawned and runs. Data: pool_type, name, workers. */
    public static final String POOL_SPAWNED = "pool.spawned";
    /** A pool changed size. Data: from, to, reason, policy (null when scaled on request). */
    public static final String POOL_SCALED = "pool.scaled";
    /** A pool's status or routing state changed. Data: status, previous, reason. */
    public static final String POOL_STATUS_CHANGED = "pool.status_changed";
    /** A pool was closed. */
    public static final String POOL_CLOSED = "pool.closed";
    /**
     * A task was sent to a pool. Data: priority; strategy, reason and attempts when routed; the task's traceparent
     * when it has one; runtime_id when the pool belongs to another runtime.
     */
    public static final String TASK_ASSIGNED = "task.assigned";
    /**
     * A task ended. Data: status, duration (seconds), worker_id, error, strategy, reason, attempts; runtime_id when
     * it ran on another runtime.
     */
    public static final String TASK_COMPLETED = "task.completed";

    /** Requires type, pool and time; copies data. */
    public PoolEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(at, "at");
        data = data == null || data.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
