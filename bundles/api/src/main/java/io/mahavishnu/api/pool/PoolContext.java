package io.mahavishnu.api.pool;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the manager gives a {@link PoolProvider} to create one pool.
 */
@ProviderType
public interface PoolContext {

    /** @return the id the new pool must report from {@link BasePool#id()} */
    String poolId();

    /** @return the validated configuration */
    PoolConfig config();

    /**
     * Tells the manager that the pool's status or worker count changed on its own (e.g. a worker died, it
     * auto-scaled), so routing and monitoring see it at once.
     */
    void stateChanged();
}
