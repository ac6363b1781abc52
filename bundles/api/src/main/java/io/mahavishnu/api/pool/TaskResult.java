package io.mahavishnu.api.pool;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Result of one task; the wire shape is the original's {@code {pool_id, worker_id, status, output, error,
 * duration}} plus the fields below.
 *
 * @param taskId          the task's id
 * @param poolId          the pool that ran (or refused) it
 * @param workerId        the worker that ran it, {@code null} if none did
 * @param status          outcome
 * @param output          collected output, may be null; capped by the pool
 * @param error           error text when not completed, may be null
 * @param duration        wall-clock time from the task's start to its end
 * @param outputTruncated whether {@code output} was cut at the pool's cap
 * @param exitCode        process exit code where there was a process, else null
 * @param route           how the task was routed, null when it was sent to a pool directly
 * @param metadata        extra, pool-specific facts (e.g. {@code ai_type}, {@code output_lines})
 */
public record TaskResult(String taskId, String poolId, String workerId, TaskStatus status, String output,
                         String error, Duration duration, boolean outputTruncated, Integer exitCode,
                         RouteInfo route, Map<String, Object> metadata) {

    /** Normalises nulls; {@code status} and {@code taskId} are required. */
    public TaskResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        duration = duration == null ? Duration.ZERO : duration;
        metadata = metadata == null || metadata.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** @return true if the status is {@link TaskStatus#COMPLETED} */
    public boolean isSuccess() {
        return status == TaskStatus.COMPLETED;
    }

    /** @return {@code duration} in seconds, as the original's {@code duration} field */
    public double durationSeconds() {
        return duration.toNanos() / 1e9;
    }

    /**
     * @param task     the task
     * @param poolId   the pool
     * @param workerId the worker
     * @param output   the output
     * @param duration the duration
     * @return a completed result
     */
    public static TaskResult completed(Task task, String poolId, String workerId, String output, Duration duration) {
        return new TaskResult(task.id(), poolId, workerId, TaskStatus.COMPLETED, output, null, duration, false,
                null, null, null);
    }

    /**
     * @param task     the task
     * @param poolId   the pool
     * @param status   a non-completed status
     * @param error    what went wrong
     * @param duration time spent
     * @return an unsuccessful result without a worker
     */
    public static TaskResult unsuccessful(Task task, String poolId, TaskStatus status, String error,
                                          Duration duration) {
        return new TaskResult(task.id(), poolId, null, status, null, error, duration, false, null, null, null);
    }

    /** @param newRoute routing facts @return a copy carrying them */
    public TaskResult withRoute(RouteInfo newRoute) {
        return new TaskResult(taskId, poolId, workerId, status, output, error, duration, outputTruncated, exitCode,
                newRoute, metadata);
    }

    /**
     * How a routed task found its pool.
     *
     * @param strategy the strategy that chose (e.g. {@code least_loaded})
     * @param reason   reason code, e.g. {@code least_loaded}, {@code affinity},
     *                 {@code affinity_fallback_least_loaded}
     * @param attempts how many pools were tried (1 without retries)
     */
    public record RouteInfo(String strategy, String reason, int attempts) {
        /** Requires a strategy and a reason. */
        public RouteInfo {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
