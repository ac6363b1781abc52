package io.mahavishnu.pool.support;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Calls back when a waiting task's deadline passes, so that it leaves the queue and its caller hears
 * {@code deadline_exceeded} then, not when a worker frees up. Uses the JDK's shared delay thread (no thread of
 * ours to stop); the item is held weakly, so a task that started or finished long before its deadline is not kept
 * alive until then. The callback must check that the item still waits.
 */
public final class DeadlineTimer {

    private DeadlineTimer() {
    }

    /**
     * @param item     the waiting item
     * @param deadline when it expires
     * @param expire   called (on a pool thread) with the item once the deadline has passed, if the item still exists
     * @param <T>      the item's type
     */
    public static <T> void at(T item, Instant deadline, Consumer<T> expire) {
        long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis()) + 1;
        WeakReference<T> ref = new WeakReference<>(item);
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(() -> {
            T still = ref.get();
            if (still != null) {
                expire.accept(still);
            }
        });
    }
}
