package io.mahavishnu.manager.internal;

import io.mahavishnu.api.manager.PoolEvent;
import io.mahavishnu.api.manager.PoolEventListener;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@link PoolEvent}s to the {@link PoolEventListener} services on one thread, in order. Emitting never
 * blocks a task: events go through a bounded buffer; when it is full the event is counted as dropped and logged
 * (every 1000th drop), and listeners see the gap in {@link PoolEvent#seq()}. With no listener, nothing is built.
 */
final class EventFanout {

    private static final Logger LOG = LoggerFactory.getLogger(EventFanout.class);
    static final int CAPACITY = 10_000;

    private final List<PoolEventListener> listeners = new CopyOnWriteArrayList<>();
    private final BlockingQueue<PoolEvent> buffer = new ArrayBlockingQueue<>(CAPACITY);
    /**
     * Starts from the clock (microseconds), so event ids of a restarted runtime never repeat those of its previous
     * run: a client resuming with an id from before the restart is told to reload instead of resuming in the wrong
     * place.
     */
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
    private final LongAdder dropped = new LongAdder();
    private final LongAdder listenerErrors = new LongAdder();
    private final Thread dispatcher;

    EventFanout() {
        dispatcher = new Thread(this::dispatch, "mahavishnu-pool-events");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    void add(PoolEventListener listener) {
        listeners.add(listener);
    }

    void remove(PoolEventListener listener) {
        listeners.remove(listener);
    }

    /** @return true if anyone listens; callers skip building event data otherwise */
    boolean active() {
        return !listeners.isEmpty();
    }

    void emit(String type, String poolId, String taskId, Map<String, Object> data) {
        if (listeners.isEmpty()) {
            return;
        }
        PoolEvent event = new PoolEvent(seq.incrementAndGet(), type, poolId, taskId, Instant.now(), data);
        if (!buffer.offer(event)) {
            dropped.increment();
            if (dropped.sum() % 1000 == 1) {
                LOG.warn("Pool event listeners cannot keep up: {} events dropped so far (buffer of {})",
                        dropped.sum(), CAPACITY);
            }
        }
    }

    long dropped() {
        return dropped.sum();
    }

    long listenerErrors() {
        return listenerErrors.sum();
    }

    void shutdown() {
        dispatcher.interrupt();
    }

    private void dispatch() {
        try {
            while (true) {
                PoolEvent event = buffer.take();
                for (PoolEventListener l : listeners) {
                    try {
                        l.onEvent(event);
                    } catch (RuntimeException e) {
                        listenerErrors.increment();
                        LOG.warn("Pool event listener {} failed on {} of pool {}", l.getClass().getName(),
                                event.type(), event.poolId(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
