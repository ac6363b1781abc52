package io.mahavishnu.federation.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.RemotePool;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.pool.WireEnum;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The federation's payloads on the bus, mapped by Jackson in snake_case (no JSON is written by hand). Version
 * {@value #VERSION} of the protocol; a payload without {@code federation} is some other sender's and is ignored.
 *
 * <ul>
 * <li>{@code heartbeat} (untargeted): {@link Heartbeat} — a runtime, its incarnation and its pools.</li>
 * <li>{@code task_delegate} to queue {@code runtime_<id>}: {@link Delegate} — run (or cancel) a task on a pool there.</li>
 * <li>{@code result_share} to the caller's queue: {@link Reply} — accepted, then the result.</li>
 * </ul>
 */
final class Protocol {

    /** Protocol version carried in every payload. */
    static final int VERSION = 1;
    /** Result metadata: the runtime that ran the task. */
    static final String RUNTIME_ID = "runtime_id";
    /** Result metadata: false when the task was never started (safe to send elsewhere). */
    static final String ATTEMPTED = "attempted";

    static final String RUN = "run";
    static final String CANCEL = "cancel";
    static final String ACCEPTED = "accepted";
    static final String RESULT = "result";
    static final String RUNNING = "running";
    static final String LEAVING = "leaving";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // newer peers may add fields
            .build();

    private Protocol() {
    }

    /** The queue a runtime receives delegated tasks and replies from. */
    static String queueOf(String runtimeId) {
        return "runtime_" + runtimeId;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toPayload(Object wire) {
        return MAPPER.convertValue(wire, Map.class);
    }

    /**
     * @return the payload as {@code type}, or null when it is not a federation payload of this version
     * @throws IllegalArgumentException when it claims to be one and cannot be read
     */
    static <T> T fromPayload(Map<String, Object> payload, Class<T> type) {
        Object version = payload.get("federation");
        if (!(version instanceof Number n) || n.intValue() != VERSION) {
            return null;
        }
        return MAPPER.convertValue(payload, type);
    }

    /** One runtime's announcement. */
    record Heartbeat(int federation, String runtimeId, String incarnation, String state, long intervalMs,
                     long sentAtMs, List<Pool> pools) {
    }

    /** One pool as announced; candidate figures (in-flight includes queued). */
    record Pool(String poolId, String poolType, String name, String workerType, String status, int capacity,
                int inFlight, int queued, double latencyEwmaMs, String health, int minWorkers, int maxWorkers) {

        static Pool of(PoolInfo p) {
            PoolMetrics m = p.metrics();
            int running = m == null ? 0 : m.inFlight();
            int queued = m == null ? 0 : m.queued();
            HealthStatus health = switch (p.status()) {
                case RUNNING, SCALING -> HealthStatus.HEALTHY;
                case DEGRADED -> HealthStatus.DEGRADED;
                default -> HealthStatus.UNHEALTHY;
            };
            return new Pool(p.poolId(), p.poolType(), p.name(), p.config().workerType(), p.status().wireName(),
                    p.workers(), running + queued, queued, m == null ? 0 : m.latencyEwmaMillis(), health.wireName(),
                    p.config().minWorkers(), p.config().maxWorkers());
        }

        /**
         * @param extraInFlight tasks this runtime sent since the announcement
         * @param rttMillis     round trip to the pool's runtime
         */
        RemotePool toRemote(String runtimeId, int extraInFlight, double rttMillis) {
            return new RemotePool(runtimeId, poolId, poolType, name, workerType,
                    WireEnum.parse(PoolStatus.class, "status", status), capacity, inFlight + extraInFlight, queued,
                    latencyEwmaMs + rttMillis, WireEnum.parse(HealthStatus.class, "health", health), minWorkers,
                    maxWorkers);
        }
    }

    /**
     * A task for a pool of the receiving runtime, or its cancellation.
     *
     * @param replyTo           the caller's queue
     * @param targetIncarnation the receiving runtime's incarnation the caller knew: a restarted runtime refuses it
     * @param sentAtMs          when sent (the receiver refuses what the caller has given up on)
     * @param traceparent       the caller's span, which the run continues
     */
    record Delegate(int federation, String action, String taskId, String poolId, String callerRuntimeId,
                    String replyTo, String targetRuntimeId, String targetIncarnation, long sentAtMs,
                    String traceparent, TaskWire task) {
    }

    /**
     * A reply: {@code accepted} as soon as the run starts, then {@code result}.
     *
     * @param poolId the pool the task was delegated to (a retry of the same task may go to another pool of the same
     *               runtime); null from a runtime that did not send it
     */
    record Reply(int federation, String action, String taskId, String poolId, String runtimeId, String incarnation,
                 ResultWire result) {
    }

    /** @return what identifies one delegation: a task sent to one pool (its retry on another pool is another) */
    static String delegationKey(String taskId, String poolId) {
        return taskId + "@" + poolId;
    }

    /** A task on the wire. */
    record TaskWire(String id, String prompt, List<String> command, long timeoutMs, int priority, Long deadlineMs,
                    boolean idempotent, Map<String, String> attributes) {

        static TaskWire of(Task t) {
            return new TaskWire(t.id(), t.prompt(), t.command(), t.timeout().toMillis(), t.priority(),
                    t.deadline() == null ? null : t.deadline().toEpochMilli(), t.idempotent(), t.attributes());
        }

        Task toTask() {
            return new Task(id, prompt, command, Duration.ofMillis(timeoutMs), priority,
                    deadlineMs == null ? null : Instant.ofEpochMilli(deadlineMs), idempotent, attributes);
        }
    }

    /** A result on the wire (the routing facts are added by the caller, which routed it). */
    record ResultWire(String taskId, String poolId, String workerId, String status, String output, String error,
                      long durationMicros, boolean outputTruncated, Integer exitCode, Map<String, Object> metadata) {

        static ResultWire of(TaskResult r) {
            return new ResultWire(r.taskId(), r.poolId(), r.workerId(), r.status().wireName(), r.output(), r.error(),
                    r.duration().toNanos() / 1000, r.outputTruncated(), r.exitCode(), r.metadata());
        }

        TaskResult toResult() {
            return new TaskResult(taskId, poolId, workerId, WireEnum.parse(TaskStatus.class, "status", status),
                    output, error, Duration.ofNanos(durationMicros * 1000), outputTruncated, exitCode, null,
                    metadata);
        }
    }
}
