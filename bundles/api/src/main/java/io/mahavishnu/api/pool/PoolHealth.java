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
 * @param details  pool-specific facts, e.g. {@code workers_active}, {@code error}
 */
public record PoolHealth(String poolId, String poolType, HealthStatus status, Map<String, Object> details) {

    /** Requires ids and status; copies details. */
    public PoolHealth {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(status, "status");
        details = details == null || details.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
