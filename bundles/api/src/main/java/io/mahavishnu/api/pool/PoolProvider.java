package io.mahavishnu.api.pool;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Factory SPI of a pool type. A pool-type bundle registers one as an OSGi service with the property
 * {@value #POOL_TYPE}{@code =<type name>}; the manager picks it up (and drops it) at runtime.
 */
@ConsumerType
public interface PoolProvider {

    /** Service property naming the pool type, e.g. {@code mahavishnu}. */
    String POOL_TYPE = "pool.type";

    /**
     * Creates a pool (not yet started). Validates type-specific options first.
     *
     * @param context id and configuration of the new pool
     * @return the pool, in status pending
     * @throws ValidationException if an option (worker type, extra config) is invalid for this type
     */
    BasePool create(PoolContext context);

    /** @return worker types this pool type accepts (for help and completion); empty = any */
    default Set<String> workerTypes() {
        return Set.of();
    }

    /** @return one line describing the pool type */
    default String description() {
        return "";
    }
}
