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
 */
public record PoolInfo(String poolId, PoolStatus status, int workers, PoolConfig config, PoolMetrics metrics,
                       boolean available) {

    /** @return the pool type */
    public String poolType() {
        return config.poolType();
    }

    /** @return the pool's name */
    public String name() {
        return config.name();
    }
}
