package io.mahavishnu.api.pool;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A pool's own health check ({@code {pool_id, pool_type, status, ...}} on the wire).
 *
 * @param poolId   the pool
 * @param poolType its type
 * @param status   healthy, degraded or unhealthy
 * @param details  pool-specific facts, e.g. {@code workers_active}, {@code pool_status} (the pool's lifecycle
 *                 status), {@code error}; the keys {@code pool_id}, {@code pool_type} and {@code status} belong to the
 *                 health entry itself and are left out where details are shown beside it
 */
public record PoolHealth(String poolId, String poolType, HealthStatus status, Map<String, Object> details) {

    /** Requires ids and status; copies details. */
    public PoolHealth {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(status, "status");
        details = details == null || details.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
