package io.mahavishnu.api.manager;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the manager's {@link PoolEvent}s (whiteboard: register as a service). Called on one manager thread,
 * in event order; must return quickly. Events come from a bounded buffer: a listener that cannot keep up misses
 * events, which the manager counts and logs (the event {@link PoolEvent#seq() seq} numbers show the gap).
 */
@ConsumerType
@FunctionalInterface
public interface PoolEventListener {

    /** @param event what happened */
    void onEvent(PoolEvent event);
}
