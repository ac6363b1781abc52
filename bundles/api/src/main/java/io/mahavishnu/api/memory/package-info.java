/**
 * Memory collected from pools: {@link io.mahavishnu.api.memory.MemoryItem}, the aggregator service and the
 * {@link io.mahavishnu.api.memory.MemorySink} SPI.
 *
 * <p>1.1: delivery figures ({@code MemoryAggregator.stats}, {@link io.mahavishnu.api.memory.MemoryStats}), parked
 * items ({@code parked}, {@code retryParked}, {@link io.mahavishnu.api.memory.ParkedItem}) and the
 * {@code memory.sink.batch} sink property.
 */
@Export
@Version("1.1.0")
package io.mahavishnu.api.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
