package io.mahavishnu.manager.internal;

import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.ScaleDecision;
import io.mahavishnu.api.pool.TaskResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the manager's events (pool_created, pool_closed, task_completed, status_update) on the bus, with
 * the original's payload shapes. A bus that is absent or refuses a message never fails the operation that
 * caused the event; the refusal is logged and counted in {@link #failures()}.
 */
final class Events {

    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private final Supplier<MessageBus> bus;
    private final LongAdder failures = new LongAdder();

    Events(Supplier<MessageBus> bus) {
        this.bus = bus;
    }

    long failures() {
        return failures.sum();
    }

    void poolCreated(String poolId, PoolConfig cfg) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", cfg.name());
        config.put("min_workers", cfg.minWorkers());
        config.put("max_workers", cfg.maxWorkers());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pool_id", poolId);
        payload.put("pool_type", cfg.poolType());
        payload.put("config", config);
        publish(MessageType.POOL_CREATED, poolId, payload);
    }

    /** Announces the close and deletes the pool's bus queue, so closed pools leave nothing behind. */
    void poolClosed(String poolId) {
        publish(MessageType.POOL_CLOSED, poolId, Map.of("pool_id", poolId));
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

    void statusUpdate(String poolId, String status, int workers, String reason) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pool_id", poolId);
        payload.put("status", status);
        payload.put("workers", workers);
        payload.put("reason", reason);
        publish(MessageType.STATUS_UPDATE, poolId, payload);
    }

    /** An auto-scaling step: {@code status_update} with from/to workers, the policy and its reason. */
    void scaled(String poolId, String status, ScaleDecision decision) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pool_id", poolId);
        payload.put("status", status);
        payload.put("workers", decision.to());
        payload.put("from_workers", decision.from());
        payload.put("to_workers", decision.to());
        payload.put("policy", decision.policy());
        payload.put("reason", "autoscale: " + decision.reason());
        publish(MessageType.STATUS_UPDATE, poolId, payload);
    }

    void taskCompleted(String poolId, TaskResult result) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pool_id", poolId);
        payload.put("result", Wire.result(result));
        publish(MessageType.TASK_COMPLETED, poolId, payload);
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
