package io.mahavishnu.api.manager;

import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.PoolStatus;

/**
 * One entry of {@link PoolManager#aggregateResults}: {@code {memory_count, status, metrics}} on the wire.
 *
 * @param poolId      the pool
 * @param memoryCount memory items the pool holds
 * @param status      its status
 * @param metrics     its metrics
 */
public record PoolSummary(String poolId, int memoryCount, PoolStatus status, PoolMetrics metrics) {
}
