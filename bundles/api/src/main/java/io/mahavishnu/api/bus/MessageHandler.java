package io.mahavishnu.api.bus;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives messages of the types it subscribed to. Called on a bus thread, never on the publisher's; an
 * exception is counted ({@link BusStats#handlerErrors()}) and logged, and does not affect other handlers.
 */
@ConsumerType
@FunctionalInterface
public interface MessageHandler {

    /** @param message the message */
    void onMessage(Message message);
}
