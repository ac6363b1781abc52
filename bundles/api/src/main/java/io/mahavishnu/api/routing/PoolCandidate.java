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

    /** @return tasks running now on this pool */
    int inFlight();

    /** @return tasks accepted and waiting for a worker */
    int queued();

    /** @return how many tasks the pool runs at once (its workers); ≥ 0 */
    int capacity();

    /** @return moving average of task latency in milliseconds, 0 before the first task */
    double latencyEwmaMillis();

    /** @return the last known health */
    HealthStatus health();

    /** @return (in-flight + queued) / capacity; infinite for a pool without capacity */
    default double load() {
        int cap = capacity();
        int busy = inFlight() + queued();
        return cap <= 0 ? Double.POSITIVE_INFINITY : (double) busy / cap;
    }
}
