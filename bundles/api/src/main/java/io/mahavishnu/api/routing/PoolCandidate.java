package io.mahavishnu.api.routing;

import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolStatus;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Read-only, live view of one pool as routing sees it. Values may change between two calls; a strategy reads
 * each value once per decision.
 */
@ProviderType
public interface PoolCandidate {

    /** @return the pool id */
    String poolId();

    /** @return the pool type */
    String poolType();

    /** @return the lifecycle status */
    PoolStatus status();

    /**
     * @return tasks sent to this pool that have not ended yet: running ones and those waiting in the pool's queue
     */
    int inFlight();

    /** @return of {@link #inFlight()}, the tasks waiting for a worker (0 if the pool does not say); informative */
    int queued();

    /** @return how many tasks the pool runs at once (its workers); ≥ 0 */
    int capacity();

    /** @return moving average of task latency in milliseconds, 0 before the first task */
    double latencyEwmaMillis();

    /** @return the last known health */
    HealthStatus health();

    /**
     * @return {@link #inFlight()} / {@link #capacity()}, queued tasks included; infinite for a pool without
     *         capacity. Below 1 the pool has idle workers.
     */
    default double load() {
        int cap = capacity();
        return cap <= 0 ? Double.POSITIVE_INFINITY : (double) inFlight() / cap;
    }
}
