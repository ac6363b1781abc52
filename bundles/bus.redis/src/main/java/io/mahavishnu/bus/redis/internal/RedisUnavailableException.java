package io.mahavishnu.bus.redis.internal;

/** Redis cannot be reached right now (or refused the connection); the link reconnects in the background. */
final class RedisUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
