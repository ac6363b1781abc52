package io.mahavishnu.bus.local.internal;

import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageHandler;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.bus.Subscription;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription: a bounded mailbox whose messages run through the handler one at a time, in arrival order,
 * on the shared handler executor. At most one drain task per mailbox is scheduled at any time (the
 * {@link #scheduled} flag), which is what makes the handler serial without holding a thread per subscriber.
 * A drain task handles at most {@link #BATCH} messages and then yields its thread to other subscribers.
 */
final class Mailbox implements Subscription, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);

    /** Messages handled per turn before the thread goes to other subscribers (fairness). */
    static final int BATCH = 64;

    /** Subscribed types; empty means all types. Immutable. */
    private final Set<MessageType> types;
    private final MessageHandler handler;
    private final Executor executor;
    private final BusCounters counters;
    /** Current mailbox bound (subscriber_buffer); read at every offer so a config change applies at once. */
    private final IntSupplier bound;
    private final Consumer<Mailbox> onClose;
    /** Waiting messages; lock-free, multi-producer, drained by the single scheduled task. */
    private final Queue<Message> pending = new ConcurrentLinkedQueue<>();
    /** Number of waiting messages, reserved before the add so the bound is never exceeded. */
    private final AtomicInteger size = new AtomicInteger();
    /** True while a drain task is queued or running; set by CAS so only one runs. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Set once by {@link #close()}; a running drain checks it before each message. */
    private final AtomicBoolean closed = new AtomicBoolean();

    Mailbox(Set<MessageType> types, MessageHandler handler, Executor executor, BusCounters counters,
            IntSupplier bound, Consumer<Mailbox> onClose) {
        this.types = Set.copyOf(types);
        this.handler = handler;
        this.executor = executor;
        this.counters = counters;
        this.bound = bound;
        this.onClose = onClose;
    }

    boolean accepts(MessageType type) {
        return !closed.get() && (types.isEmpty() || types.contains(type));
    }

    /**
     * Queues a message for the handler.
     *
     * @return false if the mailbox is full (the caller counts and logs the overflow)
     */
    boolean offer(Message message) {
        if (closed.get()) {
            return true;
        }
        if (size.incrementAndGet() > bound.getAsInt()) {
            size.decrementAndGet();
            return false;
        }
        pending.add(message);
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this);
            } catch (RejectedExecutionException e) {
                // Only after shutdown, when transports no longer deliver; say so rather than drop silently.
                scheduled.set(false);
                LOG.warn("Message bus is stopped; {} message {} not handed to {}", message.type().wireName(),
                        message.id(), handler);
            }
        }
        return true;
    }

    @Override
    public void run() {
        boolean again;
        do {
            try {
                drainBatch();
            } finally {
                scheduled.set(false);
            }
            // A message added after the last poll but before the flag was reset must not be stranded.
            again = !closed.get() && !pending.isEmpty() && scheduled.compareAndSet(false, true);
            if (again) {
                try {
                    executor.execute(this);
                    return;
                } catch (RejectedExecutionException e) {
                    // The executor is shutting down: finish this mailbox on the current thread.
                }
            }
        } while (again);
    }

    private void drainBatch() {
        for (int n = 0; n < BATCH && !closed.get(); n++) {
            Message message = pending.poll();
            if (message == null) {
                return;
            }
            size.decrementAndGet();
            invoke(message);
        }
    }

    private void invoke(Message message) {
        try {
            handler.onMessage(message);
            counters.delivered.increment();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // whatever a handler throws must not stop its mailbox
            counters.handlerErrors.increment();
            LOG.error("Handler {} failed on {} message {}", handler, message.type().wireName(), message.id(), e);
        }
    }

    /** Stops delivery; messages still waiting are discarded. A handler call in progress completes. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        int discarded = 0;
        while (pending.poll() != null) {
            discarded++;
        }
        size.addAndGet(-discarded);
        onClose.accept(this);
        LOG.debug("Subscription of {} closed; {} waiting messages discarded", handler, discarded);
    }

    MessageHandler handler() {
        return handler;
    }
}
