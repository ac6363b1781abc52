package io.mahavishnu.manager.internal;

import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.manager.PoolEvent;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's events. Each goes to the {@link io.mahavishnu.api.manager.PoolEventListener}s and, where the
 * original had a bus message, to the bus with the original's payload shape (pool_created, pool_closed,
 * task_completed, status_update). A bus that is absent or refuses a message never fails the operation that caused
 * the event; the refusal is logged and counted in {@link #failures()}.
 */
final class Events {

    private static final Logger LOG = LoggerFactory.getLogger(Events.class);
    /** Event data and result metadata key: the runtime that ran a delegated task. */
    static final String RUNTIME_ID = "runtime_id";

    private final Supplier<MessageBus> bus;
    private final EventFanout fanout;
    private final LongAdder failures = new LongAdder();

    Events(Supplier<MessageBus> bus) {
        this(bus, new EventFanout());
    }

    Events(Supplier<MessageBus> bus, EventFanout fanout) {
        this.bus = bus;
        this.fanout = fanout;
    }

    EventFanout fanout() {
        return fanout;
    }

    long failures() {
        return failures.sum();
    }

    void poolCreated(String poolId, PoolConfig cfg, int workers) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", cfg.name());
        config.put("min_workers", cfg.minWorkers());
        config.put("max_workers", cfg.maxWorkers());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pool_id", poolId);
        payload.put("pool_type", cfg.poolType());
        payload.put("config", config);
        publish(MessageType.POOL_CREATED, poolId, payload);
        fanout.emit(PoolEvent.POOL_SPAWNED, poolId, null, Map.of("pool_type", cfg.poolType(), "name", cfg.name(),
                "workers", workers));
    }

    /** Announces the close and deletes the pool's bus queue, so closed pools leave nothing behind. */
    void poolClosed(String poolId) {
        publish(MessageType.POOL_CLOSED, poolId, Map.of("pool_id", poolId));
        fanout.emit(PoolEvent.POOL_CLOSED, poolId, null, Map.of());
        MessageBus b = bus.get();
        if (b != null) {
            try {
                int discarded = b.removeQueue(poolId);
                if (discarded > 0) {
                    LOG.warn("Closed pool {} had {} unread bus messages; they were discarded", poolId, discarded);
                }
            } catch (RuntimeException e) {
                failures.increment();
                LOG.warn("Could not remove the bus queue of closed pool {}: {}", poolId, e.getMessage());
            }
        }
    }

    /** A pool's routing state changed without a status change (e.g. ejected), with the reason. */
    void routingChanged(String poolId, PoolStatus status, int workers, String routing, String reason) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pool_id", poolId);
        payload.put("status", status.wireName());
        payload.put("workers", workers);
        payload.put("reason", reason);
        publish(MessageType.STATUS_UPDATE, poolId, payload);
        fanout.emit(PoolEvent.POOL_STATUS_CHANGED, poolId, null, Map.of("status", status.wireName(),
                "routing", routing, "reason", reason));
    }

    /** A pool's lifecycle status changed (seen when the manager refreshes its view of the pool). */
    void statusChanged(String poolId, PoolStatus previous, PoolStatus now) {
        fanout.emit(PoolEvent.POOL_STATUS_CHANGED, poolId, null, Map.of("status", now.wireName(),
                "previous", previous.wireName()));
    }

    /**
     * A pool changed size: {@code status_update} with from/to workers, and the policy and reason for a step
     * decided by auto-scaling ({@code policy} null when scaled on request).
     */
    void scaled(String poolId, PoolStatus status, int from, int to, String policy, String reason) {
        String why = policy == null ? reason : "autoscale: " + reason;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pool_id", poolId);
        payload.put("status", status.wireName());
        payload.put("workers", to);
        payload.put("from_workers", from);
        payload.put("to_workers", to);
        if (policy != null) {
            payload.put("policy", policy);
        }
        payload.put("reason", why);
        publish(MessageType.STATUS_UPDATE, poolId, payload);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", from);
        data.put("to", to);
        data.put("reason", why);
        if (policy != null) {
            data.put("policy", policy);
        }
        fanout.emit(PoolEvent.POOL_SCALED, poolId, null, data);
    }

    void taskAssigned(String poolId, Task task, TaskResult.RouteInfo route) {
        taskAssigned(poolId, task, route, null);
    }

    /**
     * @param runtimeId the runtime that runs the pool when it is another one, else null
     */
    void taskAssigned(String poolId, Task task, TaskResult.RouteInfo route, String runtimeId) {
        if (!fanout.active()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("priority", task.priority());
        if (route != null) {
            data.put("strategy", route.strategy());
            data.put("reason", route.reason());
            data.put("attempts", route.attempts());
        }
        // listeners that trace tasks (they see events, not tasks) continue the caller's trace from here
        String traceparent = task.attributes().get(Task.ATTR_TRACEPARENT);
        if (traceparent != null) {
            data.put(Task.ATTR_TRACEPARENT, traceparent);
        }
        if (runtimeId != null) {
            data.put(RUNTIME_ID, runtimeId);
        }
        fanout.emit(PoolEvent.TASK_ASSIGNED, poolId, task.id(), data);
    }

    void taskCompleted(String poolId, TaskResult result) {
        if (bus.get() != null) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("pool_id", poolId);
            payload.put("result", Wire.result(result));
            publish(MessageType.TASK_COMPLETED, poolId, payload);
        }
        if (!fanout.active()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", result.status().wireName());
        data.put("duration", result.durationSeconds());
        data.put("worker_id", result.workerId());
        data.put("error", result.error());
        if (result.route() != null) {
            data.put("strategy", result.route().strategy());
            data.put("reason", result.route().reason());
            data.put("attempts", result.route().attempts());
        }
        Object runtime = result.metadata().get(RUNTIME_ID);
        if (runtime != null) {
            data.put(RUNTIME_ID, runtime.toString());
        }
        fanout.emit(PoolEvent.TASK_COMPLETED, poolId, result.taskId(), data);
    }

    private void publish(MessageType type, String source, Map<String, Object> payload) {
        MessageBus b = bus.get();
        if (b == null) {
            return;
        }
        try {
            b.publish(Message.of(type, source, null, payload));
        } catch (RuntimeException e) {
            failures.increment();
            LOG.warn("Bus refused {} event of pool {}: {}", type.wireName(), source, e.getMessage());
        }
    }
}
