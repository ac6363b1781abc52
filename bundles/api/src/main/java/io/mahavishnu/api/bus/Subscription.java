package io.mahavishnu.api.bus;

import org.osgi.annotation.versioning.ProviderType;

/** A subscription; closing it stops delivery to its handler. Closing twice is harmless. */
@ProviderType
public interface Subscription extends AutoCloseable {

    /** Stops delivery. */
    @Override
    void close();
}
