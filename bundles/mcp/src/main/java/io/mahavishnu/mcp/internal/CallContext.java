package io.mahavishnu.mcp.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Facts about one tool call beyond its arguments.
 *
 * @param cancelled completes when the client cancels the call or goes away; long work then stops
 * @param progress  where progress goes; {@link Progress#NONE} when the client sent no progress token
 * @param traceparent W3C trace context of the call's span (the tasks it sends continue it), null if none
 */
record CallContext(CompletableFuture<Void> cancelled, Progress progress, String traceparent) {

    CallContext(CompletableFuture<Void> cancelled, Progress progress) {
        this(cancelled, progress, null);
    }

    static CallContext none() {
        return new CallContext(new CompletableFuture<>(), Progress.NONE, null);
    }

    /** Receives progress of a long call. Implementations never throw. */
    @FunctionalInterface
    interface Progress {

        Progress NONE = (progress, total, message) -> {
        };

        /**
         * @param progress increasing value
         * @param total    value at completion, null if unknown
         * @param message  what is happening
         */
        void report(double progress, Double total, String message);
    }
}
