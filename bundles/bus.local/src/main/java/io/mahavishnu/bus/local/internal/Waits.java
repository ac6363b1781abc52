package io.mahavishnu.bus.local.internal;

import java.time.Duration;

/** Timeouts as nanoseconds for blocking calls. */
final class Waits {

    private Waits() {
    }

    /** @return the timeout in nanoseconds, saturated (a timeout of centuries waits "forever", never overflows) */
    static long nanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
