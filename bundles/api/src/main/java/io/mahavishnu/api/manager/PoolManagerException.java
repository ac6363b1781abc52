package io.mahavishnu.api.manager;

import java.util.Collection;
import java.util.TreeSet;

/**
 * An operation of the {@link PoolManager} was refused. {@link #code()} is a stable machine-readable reason.
 */
public class PoolManagerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** No pool has the given id. */
    public static final String POOL_NOT_FOUND = "pool_not_found";
    /** No pool type of that name is deployed. */
    public static final String UNKNOWN_POOL_TYPE = "unknown_pool_type";
    /** No routing strategy of that name is deployed. */
    public static final String UNKNOWN_STRATEGY = "unknown_strategy";
    /** No pool can take the task. */
    public static final String NO_POOL_AVAILABLE = "no_pool_available";
    /** The pool exists but does not accept tasks now. */
    public static final String POOL_NOT_RUNNING = "pool_not_running";
    /** The caller kind used up its request quota; see {@link RateLimitedException}. */
    public static final String RATE_LIMITED = "rate_limited";

    private final String code;

    /** @param code reason code @param message human message */
    public PoolManagerException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** @return stable reason code, one of the constants */
    public String code() {
        return code;
    }

    /** @param poolId the id @return error for an unknown pool */
    public static PoolManagerException poolNotFound(String poolId) {
        return new PoolManagerException(POOL_NOT_FOUND, "Pool not found: " + poolId
                + " (list pools to see the ids)");
    }

    /** @param type the name @param available deployed types @return error for an unknown type */
    public static PoolManagerException unknownPoolType(String type, Collection<String> available) {
        return new PoolManagerException(UNKNOWN_POOL_TYPE, "Unknown pool type: " + type + " (available: "
                + list(available) + ")");
    }

    /** @param name the name @param available deployed strategies @return error for an unknown strategy */
    public static PoolManagerException unknownStrategy(String name, Collection<String> available) {
        return new PoolManagerException(UNKNOWN_STRATEGY, "Unknown routing strategy: " + name + " (available: "
                + list(available) + ")");
    }

    private static String list(Collection<String> names) {
        return names.isEmpty() ? "none deployed" : String.join(", ", new TreeSet<>(names));
    }
}
