package io.mahavishnu.api.manager;

import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolHealth;
import java.util.List;

/**
 * Health of the whole runtime, built from every pool's own health check: healthy if no pool is unhealthy,
 * unhealthy if all are, degraded otherwise (zero pools: healthy).
 *
 * @param status      overall status
 * @param poolsActive number of pools
 * @param pools       each pool's health
 */
public record ManagerHealth(HealthStatus status, int poolsActive, List<PoolHealth> pools) {

    /** Copies the list. */
    public ManagerHealth {
        pools = List.copyOf(pools);
    }
}
