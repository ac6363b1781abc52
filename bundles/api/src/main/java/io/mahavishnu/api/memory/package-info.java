/**
 * Memory collected from pools: {@link io.mahavishnu.api.memory.MemoryItem}, the aggregator service and the
 * {@link io.mahavishnu.api.memory.MemorySink} SPI.
 */
@Export
@Version("1.0.0")
package io.mahavishnu.api.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
