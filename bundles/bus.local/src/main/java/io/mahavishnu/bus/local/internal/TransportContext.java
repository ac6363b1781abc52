package io.mahavishnu.bus.local.internal;

import io.mahavishnu.api.bus.BusTransport;
import io.mahavishnu.api.bus.Message;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bus gives one opening of a transport. Closed when the bus stops using that transport, so a late
 * delivery from it is logged instead of reaching subscribers after the switch. Takes no bus lock:
 * a transport may deliver from its own thread while the bus holds the write lock to close it.
 */
final class TransportContext implements BusTransport.Context {

    private static final Logger LOG = LoggerFactory.getLogger(TransportContext.class);

    private final String transport;
    private final int maxQueueSize;
    private final Consumer<Message> subscribers;
    private final BusCounters counters;
    /** False once the bus stopped using this opening. */
    private volatile boolean open = true;

    TransportContext(String transport, int maxQueueSize, Consumer<Message> subscribers, BusCounters counters) {
        this.transport = transport;
        this.maxQueueSize = maxQueueSize;
        this.subscribers = subscribers;
        this.counters = counters;
    }

    @Override
    public void deliver(Message message) {
        if (message == null) {
            LOG.warn("Bus transport {} delivered a null message; ignored", transport);
        } else if (!open) {
            LOG.warn("Bus transport {} delivered {} message {} after the bus stopped using it; not handed to "
                    + "subscribers", transport, message.type().wireName(), message.id());
        } else {
            subscribers.accept(message);
        }
    }

    @Override
    public void lost(Message message, String reason) {
        counters.lost.increment();
        LOG.error("Bus transport {} lost {} message {} for pool {}: {}", transport,
                message == null ? "a" : message.type().wireName(), message == null ? "?" : message.id(),
                message == null ? "?" : message.targetPoolId(), reason);
    }

    @Override
    public int maxQueueSize() {
        return maxQueueSize;
    }

    void close() {
        open = false;
    }
}
