package io.mahavishnu.memory.internal;

/**
 * Per-sink circuit breaker: {@code closed} until {@code threshold} consecutive failures, then {@code open} for
 * {@code openMillis}, then {@code half_open} for one probe; the probe's success closes it, its failure opens it again.
 * Not thread-safe: each sink's lane uses its own from one thread ({@link #state()} may be read from any thread).
 */
final class CircuitBreaker {

    /** Breaker states, with their wire names. */
    enum State {
        CLOSED("closed"), OPEN("open"), HALF_OPEN("half_open");

        final String wire;

        State(String wire) {
            this.wire = wire;
        }
    }

    private final int threshold;
    private final long openMillis;
    private volatile State state = State.CLOSED;
    private int failures;
    private long openedAt;

    CircuitBreaker(int threshold, long openMillis) {
        this.threshold = threshold;
        this.openMillis = openMillis;
    }

    State state() {
        return state;
    }

    /** @return whether a delivery may be attempted now; moves open → half_open once the open time is over */
    boolean allows(long now) {
        if (state == State.OPEN && now - openedAt >= openMillis) {
            state = State.HALF_OPEN;
        }
        return state != State.OPEN;
    }

    /** @return when an open breaker lets the next probe through, epoch millis (now if not open) */
    long probeAt(long now) {
        return state == State.OPEN ? openedAt + openMillis : now;
    }

    /** Lets the next attempt through at once (an operator asked for a sync). */
    void probeNow() {
        if (state == State.OPEN) {
            state = State.HALF_OPEN;
        }
    }

    /** @return true if this success closed a breaker that was not closed */
    boolean success() {
        failures = 0;
        boolean recovered = state != State.CLOSED;
        state = State.CLOSED;
        return recovered;
    }

    /** @return true if this failure opened a breaker that was closed */
    boolean failure(long now) {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            boolean opened = state == State.CLOSED;
            state = State.OPEN;
            openedAt = now;
            return opened;
        }
        return false;
    }
}
