package io.mahavishnu.api.pool;

import java.time.Instant;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides scale steps for pools with {@code auto_scale=true}. Registered as a service with
 * {@value #POLICY}{@code =<name>}; the manager asks the configured policy (setting {@code autoscale_policy}, or a
 * pool's {@code extra_config.autoscale_policy}) every {@code autoscale_interval_seconds} for each such pool, clamps
 * the answer to [{@code min_workers}, {@code max_workers}] and scales the pool. A policy may keep state per pool
 * (e.g. a stabilization window); it is called from one thread at a time.
 */
@ConsumerType
public interface AutoscalePolicy {

    /** Service property naming the policy. */
    String POLICY = "autoscale.policy";

    /**
     * @param input the pool's load now
     * @return the desired worker count and why; returning the current count means "no change"
     */
    Decision decide(Input input);

    /**
     * The pool is gone or no longer auto-scales: drop any state kept for it. Default: nothing.
     *
     * @param poolId the pool
     */
    default void forget(String poolId) {
    }

    /**
     * A pool's load as the policy sees it.
     *
     * @param poolId            the pool
     * @param currentWorkers    workers now
     * @param minWorkers        configured lower bound
     * @param maxWorkers        configured upper bound
     * @param inFlight          tasks running on workers
     * @param queued            tasks waiting for a worker
     * @param latencyEwmaMillis latency average
     * @param now               the time of the decision
     * @param lastScaleAt       when the pool last scaled, null if never
     */
    record Input(String poolId, int currentWorkers, int minWorkers, int maxWorkers, int inFlight, int queued,
                 double latencyEwmaMillis, Instant now, Instant lastScaleAt) {
    }

    /**
     * @param targetWorkers desired worker count (clamped to [min, max] by the caller)
     * @param reason        why, shown to operators
     */
    record Decision(int targetWorkers, String reason) {
    }
}
