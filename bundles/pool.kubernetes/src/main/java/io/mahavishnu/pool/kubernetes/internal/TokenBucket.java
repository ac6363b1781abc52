package io.mahavishnu.pool.kubernetes.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Client-side rate limit on API requests: a bucket of {@code burst} tokens refilled at {@code qps} per second;
 * every request takes one, waiting for it when the bucket is empty. So in any window of {@code t} seconds at most
 * {@code burst + qps × t} requests go out, whatever the callers do.
 *
 * <p>A caller that finds the bucket empty reserves the next token (the level goes below zero) and waits outside
 * the lock until its token's time, so waiting callers are served in arrival order and none waits longer than
 * needed. {@code this} guards {@code tokens} and {@code lastNanos}.
 */
final class TokenBucket {

    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;
    private final AtomicLong granted = new AtomicLong();
    private final LongConsumer onGrant;

    /**
     * @param qps     refill rate, tokens per second
     * @param burst   bucket size (starts full)
     * @param onGrant told the {@link System#nanoTime()} of every request let through (tests record them)
     */
    TokenBucket(double qps, int burst, LongConsumer onGrant) {
        if (!(qps > 0) || burst < 1) {
            throw new IllegalArgumentException("qps must be > 0 and burst ≥ 1");
        }
        this.tokensPerNano = qps / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = System.nanoTime();
        this.onGrant = onGrant;
    }

    /**
     * Takes a token, waiting as long as needed.
     *
     * @throws InterruptedException if interrupted while waiting (the token is given up)
     */
    void acquire() throws InterruptedException {
        long readyAt;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - lastNanos) * tokensPerNano);
            lastNanos = now;
            tokens -= 1;
            readyAt = tokens >= 0 ? now : now + (long) Math.ceil(-tokens / tokensPerNano);
        }
        for (long left = readyAt - System.nanoTime(); left > 0; left = readyAt - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the API rate limit");
            }
        }
        granted.incrementAndGet();
        onGrant.accept(System.nanoTime());
    }

    /** @return requests let through so far */
    long granted() {
        return granted.get();
    }
}
