package io.mahavishnu.api.pool;

/**
 * A pool's numbers at one moment. Pools report the worker figures; the manager fills in the task counters it
 * measures itself for every task it sends (so a pool cannot under-report failures).
 *
 * @param poolId             the pool
 * @param status             its status
 * @param activeWorkers      workers busy with a task
 * @param totalWorkers       workers that exist (the pool's capacity)
 * @param inFlight           tasks running now
 * @param queued             tasks accepted and waiting for a worker
 * @param tasksCompleted     tasks completed since the pool started
 * @param tasksFailed        tasks failed (including timeouts and cancellations)
 * @param tasksTimedOut      of which timed out
 * @param avgTaskDuration    mean task duration in seconds
 * @param latencyEwmaMillis  exponentially weighted moving average of task latency in milliseconds
 * @param memoryUsageMb      memory used by the pool's workers, 0 when unknown
 * @param tasksRejected      tasks the pool refused without running them (e.g. its queue was full)
 * @param scaleDecisions     auto-scaling steps taken (decisions that changed the worker count)
 * @param lastScaleDecision  the latest auto-scaling decision, held or taken; null if the pool does not auto-scale
 */
public record PoolMetrics(String poolId, PoolStatus status, int activeWorkers, int totalWorkers, int inFlight,
                          int queued, long tasksCompleted, long tasksFailed, long tasksTimedOut,
                          double avgTaskDuration, double latencyEwmaMillis, double memoryUsageMb,
                          long tasksRejected, long scaleDecisions, ScaleDecision lastScaleDecision) {

    /**
     * Metrics as a pool reports them: worker figures only; the manager adds the task counters.
     *
     * @param poolId        the pool
     * @param status        its status
     * @param activeWorkers busy workers
     * @param totalWorkers  all workers
     * @param queued        tasks waiting for a worker
     * @return metrics with zero task counters
     */
    public static PoolMetrics ofWorkers(String poolId, PoolStatus status, int activeWorkers, int totalWorkers,
                                        int queued) {
        return ofWorkers(poolId, status, activeWorkers, totalWorkers, queued, 0);
    }

    /**
     * Metrics as a pool reports them, with the tasks it refused.
     *
     * @param poolId        the pool
     * @param status        its status
     * @param activeWorkers busy workers
     * @param totalWorkers  all workers
     * @param queued        tasks waiting for a worker
     * @param rejected      tasks refused without running them since the pool started
     * @return metrics with zero task counters except {@code tasksRejected}
     */
    public static PoolMetrics ofWorkers(String poolId, PoolStatus status, int activeWorkers, int totalWorkers,
                                        int queued, long rejected) {
        return new PoolMetrics(poolId, status, activeWorkers, totalWorkers, activeWorkers, queued, 0, 0, 0, 0, 0, 0,
                rejected, 0, null);
    }
}
