/**
 * The {@link io.mahavishnu.api.routing.RoutingStrategy} SPI and the read-only candidate view strategies choose from.
 */
@Export
@Version("1.0.0")
package io.mahavishnu.api.routing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
