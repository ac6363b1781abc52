package io.mahavishnu.api.bus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * SPI that carries the bus's messages: in-JVM, Redis, …. Registered with {@value #TRANSPORT}{@code =<name>};
 * the bus uses the configured one. The bus keeps subscribers and counters; a transport only moves messages.
 */
@ConsumerType
public interface BusTransport {

    /** Service property naming the transport, e.g. {@code local}. */
    String TRANSPORT = "bus.transport";

    /**
     * Called when the bus starts using this transport.
     *
     * @param context where to deliver messages for subscribers, and the queue bound
     */
    void open(Context context);

    /**
     * Carries a message: every message to the subscribers (through {@link Context#deliver} on each runtime that
     * shares the transport) and, if targeted, into the target's queue.
     *
     * @param message the message
     * @throws BusRejectedException if the queue is full or the transport cannot accept it
     */
    void send(Message message);

    /**
     * @param poolId  queue
     * @param max     most messages
     * @param timeout total wait, zero = none
     * @return up to max messages, FIFO
     * @throws InterruptedException if interrupted
     */
    List<Message> poll(String poolId, int max, Duration timeout) throws InterruptedException;

    /** @param poolId queue @return its size */
    int size(String poolId);

    /** @param poolId queue @param remove also delete the queue @return messages discarded */
    int clear(String poolId, boolean remove);

    /** @return pool id → size of every queue */
    Map<String, Integer> sizes();

    /**
     * Called when the bus stops using this transport. Messages still queued are returned so the bus can move
     * them to the next transport (nothing accepted is lost on a swap).
     *
     * @return messages still queued, per queue in FIFO order
     */
    List<Message> close();

    /** What the bus gives a transport. */
    @org.osgi.annotation.versioning.ProviderType
    interface Context {
        /** @param message hand a message to this runtime's subscribers */
        void deliver(Message message);

        /** @return the bound of each per-pool queue */
        int maxQueueSize();
    }
}
