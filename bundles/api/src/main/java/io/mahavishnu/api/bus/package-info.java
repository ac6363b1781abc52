/**
 * The {@link io.mahavishnu.api.bus.MessageBus} (publish/subscribe plus per-pool queues) and the
 * {@link io.mahavishnu.api.bus.BusTransport} SPI that carries its messages.
 */
@Export
@Version("1.1.0")
package io.mahavishnu.api.bus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
