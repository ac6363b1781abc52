package io.mahavishnu.manager.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounds retries so they cannot multiply load during an outage (Finagle's retry budget): retries in flight may
 * be at most {@code ratio × tasks in flight}, but always {@code min}.
 */
final class RetryBudget {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder granted = new LongAdder();
    private final LongAdder denied = new LongAdder();

    /** @return true if a retry may start now; then {@link #release()} must follow when it ends */
    boolean tryAcquire(int tasksInFlight, Settings.RoutingPolicy policy) {
        int allowed = Math.max(policy.retryBudgetMin(), (int) (policy.retryBudgetRatio() * tasksInFlight));
        while (true) {
            int current = inFlight.get();
            if (current >= allowed) {
                denied.increment();
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                granted.increment();
                return true;
            }
        }
    }

    void release() {
        inFlight.decrementAndGet();
    }

    long granted() {
        return granted.sum();
    }

    long denied() {
        return denied.sum();
    }
}
