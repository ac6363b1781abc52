package io.mahavishnu.api.manager;

import java.time.Duration;
import java.util.Objects;

/**
 * A caller kind used up its request quota ({@link #RATE_LIMITED}). Front ends answer
 * {@code {status: "rate_limited", caller_kind, retry_after_seconds, error}}.
 */
public class RateLimitedException extends PoolManagerException {

    private static final long serialVersionUID = 1L;

    private final String callerKind;
    private final transient Duration retryAfter;

    /**
     * @param callerKind the caller kind whose quota is used up
     * @param retryAfter how long until a request will be accepted again
     * @param quota      requests per window, for the message
     * @param window     the quota window, for the message
     */
    public RateLimitedException(String callerKind, Duration retryAfter, int quota, Duration window) {
        super(RATE_LIMITED, "Rate limit for caller kind '" + callerKind + "' reached (" + quota + " requests per "
                + window.toSeconds() + " s); retry after " + Math.max(1, (retryAfter.toMillis() + 999) / 1000)
                + " s");
        this.callerKind = Objects.requireNonNull(callerKind);
        this.retryAfter = Objects.requireNonNull(retryAfter);
    }

    /** @return the caller kind */
    public String callerKind() {
        return callerKind;
    }

    /** @return how long until a request will be accepted again */
    public Duration retryAfter() {
        return retryAfter;
    }
}
