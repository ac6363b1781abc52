package io.mahavishnu.api.routing;

import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolStatus;
import java.util.Objects;

/**
 * An immutable {@link PoolCandidate}: the figures of a pool at one moment. For pools that are not live in this
 * runtime (e.g. announced by another runtime) and for testing strategies.
 *
 * @param poolId            the pool id
 * @param poolType          the pool type
 * @param status            lifecycle status
 * @param inFlight          tasks sent and not ended, queued ones included
 * @param queued            of those, waiting for a worker
 * @param capacity          tasks the pool runs at once
 * @param latencyEwmaMillis latency average in milliseconds
 * @param health            last known health
 */
public record CandidateSnapshot(String poolId, String poolType, PoolStatus status, int inFlight, int queued,
                                int capacity, double latencyEwmaMillis, HealthStatus health)
        implements PoolCandidate {

    /** Requires id, type, status and health. */
    public CandidateSnapshot {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(poolType, "poolType");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(health, "health");
    }

    /**
     * @param poolId   the pool id
     * @param poolType the pool type
     * @param inFlight tasks in flight
     * @param capacity capacity
     * @return a running, healthy candidate with these figures and no latency yet
     */
    public static CandidateSnapshot running(String poolId, String poolType, int inFlight, int capacity) {
        return new CandidateSnapshot(poolId, poolType, PoolStatus.RUNNING, inFlight, 0, capacity, 0.0,
                HealthStatus.HEALTHY);
    }
}
