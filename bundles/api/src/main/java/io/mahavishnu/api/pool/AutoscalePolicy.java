package io.mahavishnu.api.pool;

import java.time.Instant;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides scale steps for pools with {@code auto_scale=true}. Registered as a service with
 * {@value #POLICY}{@code =<name>}.
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
     * A pool's load as the policy sees it.
     *
     * @param poolId            the pool
     * @param currentWorkers    workers now
     * @param minWorkers        configured lower bound
     * @param maxWorkers        configured upper bound
     * @param inFlight          running tasks
     * @param queued            waiting tasks
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
