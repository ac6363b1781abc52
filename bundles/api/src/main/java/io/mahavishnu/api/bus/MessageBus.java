package io.mahavishnu.api.bus;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publish/subscribe plus bounded per-pool queues. Subscribers of a type see every message of that type,
 * targeted or not; targeted messages are also queued for their target pool, to be {@link #receive received}.
 */
@ProviderType
public interface MessageBus {

    /**
     * Publishes a message.
     *
     * @param message the message
     * @throws BusRejectedException if it was not accepted (e.g. the target queue is full); counted
     */
    void publish(Message message);

    /**
     * @param types   the types to receive
     * @param handler the handler
     * @return the subscription; close it to stop
     */
    Subscription subscribe(Set<MessageType> types, MessageHandler handler);

    /**
     * Takes the oldest message queued for a pool, waiting up to {@code timeout}.
     *
     * @param poolId  the pool
     * @param timeout how long to wait; zero = do not wait
     * @return the message, or empty on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    Optional<Message> receive(String poolId, Duration timeout) throws InterruptedException;

    /**
     * Takes up to {@code max} messages, waiting up to {@code timeout} in total (zero = take what is there).
     *
     * @param poolId  the pool
     * @param max     the most to take
     * @param timeout total wait
     * @return messages in FIFO order
     * @throws InterruptedException if interrupted while waiting
     */
    List<Message> receiveBatch(String poolId, int max, Duration timeout) throws InterruptedException;

    /** @param poolId the pool @return messages waiting for it */
    int queueSize(String poolId);

    /** @param poolId the pool @return how many messages were discarded */
    int clearQueue(String poolId);

    /**
     * Deletes a pool's queue (when the pool is closed).
     *
     * @param poolId the pool
     * @return how many waiting messages were discarded with it
     */
    int removeQueue(String poolId);

    /** @return the counters */
    BusStats stats();

    /**
     * This runtime's name on the transport in use when that transport is shared by several runtimes
     * ({@link BusTransport#runtimeId()}); cheap to call.
     *
     * @return the name, or empty while the transport in use is one of this runtime alone
     */
    default Optional<String> runtimeId() {
        return Optional.empty();
    }
}
