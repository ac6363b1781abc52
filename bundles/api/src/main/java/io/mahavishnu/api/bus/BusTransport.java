package io.mahavishnu.api.bus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * SPI that carries the bus's messages: in-JVM, Redis, …. Registered with {@value #TRANSPORT}{@code =<name>};
 * the bus uses the configured one (falling back to {@code local}). The bus keeps subscribers and counters; a
 * transport only moves messages.
 *
 * <p>Life cycle: {@link #open} → {@link #send}/{@link #poll}/… → either {@link #handOver()} (the bus switches to
 * another transport and moves the queued messages there with {@link #restore}) or {@link #close()} (shutdown).
 * A transport may be opened again afterwards. Blocking {@link #poll}s must return within about a second after
 * {@code handOver} or {@code close}; the bus then continues them on the next transport.
 */
@ConsumerType
public interface BusTransport {

    /** Service property naming the transport, e.g. {@code local}. */
    String TRANSPORT = "bus.transport";

    /**
     * Called when the bus starts using this transport.
     *
     * @param context where to deliver messages for subscribers, the queue bound, and where to report losses
     */
    void open(Context context);

    /**
     * Carries a new message: to the subscribers (through {@link Context#deliver} on each runtime that shares the
     * transport) and, if targeted, into the target's queue.
     *
     * @param message the message
     * @throws BusRejectedException if the queue is full or the transport cannot accept it; then no subscriber
     *                              gets the message either
     */
    void send(Message message);

    /**
     * Puts messages handed over by the previous transport into their queues, in order, without delivering them to
     * subscribers again (they had them when they were published).
     *
     * @param queued messages in FIFO order per queue
     * @return the messages it could not take (e.g. a queue is full); the bus counts and logs them as lost
     */
    List<Message> restore(List<Message> queued);

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
     * The bus switches to another transport: stop carrying messages and return those still queued, so the bus
     * moves them to the next transport (nothing accepted is lost on a swap).
     *
     * @return messages still queued, per queue in FIFO order
     */
    List<Message> handOver();

    /**
     * The bus shuts down. A durable transport keeps its queues for the next start; an in-memory one discards them
     * (the bus logs how many, from {@link #sizes()} taken just before).
     */
    void close();

    /**
     * This runtime's name among the runtimes that share this transport, for components that address other runtimes
     * over the bus (e.g. the pool federation). It must stay the same across restarts of the runtime and differ
     * between runtimes sharing the transport.
     *
     * @return the name, or null for a transport that only this runtime uses (the default)
     */
    default String runtimeId() {
        return null;
    }

    /** What the bus gives a transport. */
    @org.osgi.annotation.versioning.ProviderType
    interface Context {
        /** @param message hand a message to this runtime's subscribers */
        void deliver(Message message);

        /** @return the bound of each per-pool queue */
        int maxQueueSize();

        /**
         * Reports an accepted message the transport could not keep (e.g. its broker lost it); the bus counts it in
         * {@link BusStats#lost()} and logs it, so no loss is silent.
         *
         * @param message the message
         * @param reason  what happened
         */
        void lost(Message message, String reason);
    }
}
