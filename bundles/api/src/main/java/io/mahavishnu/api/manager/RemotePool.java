package io.mahavishnu.api.manager;

import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.routing.PoolCandidate;
import java.util.Objects;

/**
 * A pool of another runtime, as last announced by that runtime (see {@link PoolFederation}). Routing sees it like a
 * local pool; its figures are as of the last announcement, with network latency folded into
 * {@link #latencyEwmaMillis()}.
 *
 * @param runtimeId         the runtime that runs the pool
 * @param poolId            the pool id (unique across runtimes: ids are random)
 * @param poolType          its type
 * @param name              its name
 * @param workerType        its worker type
 * @param status            its status
 * @param capacity          tasks it runs at once
 * @param inFlight          tasks sent to it and not ended, queued ones included
 * @param queued            of those, waiting for a worker
 * @param latencyEwmaMillis task latency average plus the round trip to its runtime
 * @param health            its health
 * @param minWorkers        its lower bound
 * @param maxWorkers        its upper bound
 */
public record RemotePool(String runtimeId, String poolId, String poolType, String name, String workerType,
                         PoolStatus status, int capacity, int inFlight, int queued, double latencyEwmaMillis,
                         HealthStatus health, int minWorkers, int maxWorkers) implements PoolCandidate {

    /** Requires ids, type, status and health. */
    public RemotePool {
        Objects.requireNonNull(runtimeId, "runtimeId");
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(poolType, "poolType");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(health, "health");
    }
}
