/**
 * The pool contract: {@link io.mahavishnu.api.pool.BasePool}, its configuration, tasks, results, health and metrics,
 * and the {@link io.mahavishnu.api.pool.PoolProvider} SPI a pool-type bundle registers.
 */
@Export
@Version("1.1.0")
package io.mahavishnu.api.pool;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
