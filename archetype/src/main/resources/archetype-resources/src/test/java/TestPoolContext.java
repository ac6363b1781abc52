package ${package};

import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolContext;

/** What the runtime hands a pool type when a pool is spawned, for tests. */
final class TestPoolContext implements PoolContext {

    private final String poolId;
    private final PoolConfig config;

    TestPoolContext(String poolId) {
        this.poolId = poolId;
        this.config = PoolConfig.builder().poolType("${poolType}").build();
    }

    @Override
    public String poolId() {
        return poolId;
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public void stateChanged() {
        // the runtime refreshes routing and monitoring here
    }
}
