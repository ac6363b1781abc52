package io.mahavishnu.bus.local.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.util.regex.Pattern;

/**
 * Validated bus settings; every invalid value is reported with its setting name.
 *
 * @param maxQueueSize     bound of each per-pool queue
 * @param transport        name of the transport to use
 * @param subscriberBuffer bound of each subscription's mailbox
 * @param handlerThreads   threads that run handlers
 */
record BusSettings(int maxQueueSize, String transport, int subscriberBuffer, int handlerThreads) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    static final BusSettings DEFAULTS = new BusSettings(1000, LocalTransport.NAME, 10_000, 2);

    BusSettings {
        ValidationException.requireBetween("max_queue_size", maxQueueSize, 1, 1_000_000);
        ValidationException.requireBetween("subscriber_buffer", subscriberBuffer, 1, 1_000_000);
        ValidationException.requireBetween("handler_threads", handlerThreads, 1, 64);
        if (transport == null || !NAME.matcher(transport).matches()) {
            throw new ValidationException("bus_transport", transport,
                    "must be a transport name such as local or redis (lowercase letters, digits, '.', '_', '-')");
        }
    }

    static BusSettings of(BusConfig c) {
        String transport = c.bus__transport() == null ? null : c.bus__transport().trim();
        return new BusSettings(c.max__queue__size(), transport, c.subscriber__buffer(), c.handler__threads());
    }
}
