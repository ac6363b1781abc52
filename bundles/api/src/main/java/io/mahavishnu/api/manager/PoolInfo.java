package io.mahavishnu.api.manager;

import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.PoolStatus;

/**
 * A pool as the manager lists it ({@code {pool_id, pool_type, name, status, workers, min_workers,
 * max_workers}} on the wire, plus live figures).
 *
 * @param poolId    the pool
 * @param status    its status; {@code pending} while its pool type is not deployed
 * @param workers   workers now
 * @param config    the configuration it runs with (type, name, bounds, extra config)
 * @param metrics   worker figures and task counters
 * @param available false while the pool's type bundle is absent (the pool is kept and comes back with it)
 * @param runtimeId the runtime that runs the pool when it is another one (federation), else null
 */
public record PoolInfo(String poolId, PoolStatus status, int workers, PoolConfig config, PoolMetrics metrics,
                       boolean available, String runtimeId) {

    /**
     * A pool of this runtime.
     *
     * @param poolId    the pool
     * @param status    its status
     * @param workers   workers now
     * @param config    its configuration
     * @param metrics   its figures
     * @param available false while its type bundle is absent
     */
    public PoolInfo(String poolId, PoolStatus status, int workers, PoolConfig config, PoolMetrics metrics,
                    boolean available) {
        this(poolId, status, workers, config, metrics, available, null);
    }

    /** @return true if the pool runs in another runtime */
    public boolean remote() {
        return runtimeId != null;
    }

    /** @return the pool type */
    public String poolType() {
        return config.poolType();
    }

    /** @return the pool's name */
    public String name() {
        return config.name();
    }
}
