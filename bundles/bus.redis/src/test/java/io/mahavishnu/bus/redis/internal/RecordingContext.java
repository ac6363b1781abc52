package io.mahavishnu.bus.redis.internal;

import io.mahavishnu.api.bus.BusTransport;
import io.mahavishnu.api.bus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A bus context for tests: records what the transport delivers to subscribers and reports as lost. */
final class RecordingContext implements BusTransport.Context {

    private final int maxQueueSize;
    /** Guarded by {@code this}; waiters are notified on every change. */
    private final List<Message> delivered = new ArrayList<>();
    /** Guarded by {@code this}. */
    private final List<String> lost = new ArrayList<>();

    RecordingContext(int maxQueueSize) {
        this.maxQueueSize = maxQueueSize;
    }

    @Override
    public synchronized void deliver(Message message) {
        delivered.add(message);
        notifyAll();
    }

    @Override
    public int maxQueueSize() {
        return maxQueueSize;
    }

    @Override
    public synchronized void lost(Message message, String reason) {
        lost.add(reason);
        notifyAll();
    }

    synchronized List<Message> delivered() {
        return List.copyOf(delivered);
    }

    synchronized List<String> lost() {
        return List.copyOf(lost);
    }

    /** Waits until the delivered messages satisfy a condition, up to 30 s. */
    synchronized List<Message> awaitDelivered(Predicate<List<Message>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.test(delivered)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not delivered within 30 s; delivered so far: " + delivered);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(delivered);
    }
}
