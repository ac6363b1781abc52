package io.mahavishnu.bus.local.internal;

import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageHandler;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.bus.Subscription;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages to the subscriptions of their type. Never blocks the caller (a publisher, or a transport's
 * thread): each subscription has its own bounded {@link Mailbox} run on a shared pool of handler threads.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Open subscriptions. Copy-on-write: subscribing is rare, dispatching is frequent and lock-free. */
    private final List<Mailbox> subscriptions = new CopyOnWriteArrayList<>();
    /** Runs the mailboxes; resized in place when handler_threads changes. */
    private final ThreadPoolExecutor executor;
    private final BusCounters counters;
    private final IntSupplier buffer;

    /**
     * @param threads  handler threads
     * @param buffer   current bound of each mailbox
     * @param counters where delivered, handler errors and overflows are counted
     */
    Dispatcher(int threads, IntSupplier buffer, BusCounters counters) {
        this.counters = counters;
        this.buffer = buffer;
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new HandlerThreads());
        executor.allowCoreThreadTimeOut(true);
    }

    Subscription subscribe(Set<MessageType> types, MessageHandler handler) {
        if (handler == null) {
            throw new ValidationException("handler", null, "is required");
        }
        if (types == null) {
            throw new ValidationException("types", null, "is required (an empty set subscribes to all types)");
        }
        for (MessageType type : types) {
            if (type == null) {
                throw new ValidationException("types", types, "must not contain null");
            }
        }
        if (executor.isShutdown()) {
            throw new IllegalStateException("The message bus is stopped; subscribe to the running bus service");
        }
        Mailbox mailbox = new Mailbox(types, handler, executor, counters, buffer, subscriptions::remove);
        subscriptions.add(mailbox);
        return mailbox;
    }

    /** Gives the message to every subscription of its type; a full mailbox refuses it (logged, counted). */
    void dispatch(Message message) {
        for (Mailbox mailbox : subscriptions) {
            if (mailbox.accepts(message.type()) && !mailbox.offer(message)) {
                counters.overflowed.increment();
                LOG.warn("Buffer of subscriber {} is full (subscriber_buffer={}); {} message {} not delivered to it",
                        mailbox.handler(), buffer.getAsInt(), message.type().wireName(), message.id());
            }
        }
    }

    /** @return message type wire name → subscriptions that receive it, for every type */
    Map<String, Integer> subscriberCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (MessageType type : MessageType.values()) {
            int n = 0;
            for (Mailbox mailbox : subscriptions) {
                if (mailbox.accepts(type)) {
                    n++;
                }
            }
            counts.put(type.wireName(), n);
        }
        return counts;
    }

    void resize(int threads) {
        // Order matters: the core size may never exceed the maximum.
        if (threads > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(threads);
            executor.setCorePoolSize(threads);
        } else {
            executor.setCorePoolSize(threads);
            executor.setMaximumPoolSize(threads);
        }
    }

    /** Lets handlers finish what is already in the mailboxes, up to {@code grace}; then interrupts them. */
    void shutdown(Duration grace) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                List<Runnable> left = executor.shutdownNow();
                LOG.warn("Message handlers still busy {} s after the bus stopped; interrupted them ({} subscribers "
                        + "with waiting messages dropped)", grace.toSeconds(), left.size());
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        subscriptions.clear();
    }

    /** Daemon threads named after the bus, so handler work is recognisable in thread dumps. */
    private static final class HandlerThreads implements ThreadFactory {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "mahavishnu-bus-handler-" + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
