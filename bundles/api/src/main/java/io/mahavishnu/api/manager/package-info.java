/**
 * The {@link io.mahavishnu.api.manager.PoolManager} service: spawn, execute, route, aggregate, close, list, health.
 */
@Export
@Version("1.1.0")
package io.mahavishnu.api.manager;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
