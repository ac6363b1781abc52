package io.mahavishnu.pool.local.internal;

import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolContext;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Creates local pools without OSGi and cleans up after a test. */
final class TestPools implements AutoCloseable {

    /** Generous bound for anything a test waits for. */
    static final long WAIT_SECONDS = 20;

    /** A context that counts state change notifications. */
    static final class Context implements PoolContext {
        final String poolId;
        final PoolConfig config;
        final AtomicInteger changes = new AtomicInteger();

        Context(String poolId, PoolConfig config) {
            this.poolId = poolId;
            this.config = config;
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
            changes.incrementAndGet();
        }
    }

    final LocalPoolProvider provider;
    private final Map<LocalPool, Context> contexts = new HashMap<>();
    private int n;

    TestPools(LocalPoolSettings settings) {
        this(settings, System::nanoTime);
    }

    TestPools(LocalPoolSettings settings, LongSupplier clock) {
        provider = new LocalPoolProvider(settings, clock);
    }

    /** @return a created, not started pool */
    LocalPool create(String workerType, int min, int max) {
        PoolConfig config = PoolConfig.builder().workerType(workerType).minWorkers(min).maxWorkers(max).build();
        Context context = new Context("mahavishnu_t" + (++n), config);
        LocalPool pool = (LocalPool) provider.create(context);
        contexts.put(pool, context);
        return pool;
    }

    /** @return the context a pool was created with */
    Context contextOf(LocalPool pool) {
        return contexts.get(pool);
    }

    /** @return a running pool */
    LocalPool start(String workerType, int min, int max) {
        LocalPool pool = create(workerType, min, max);
        join(pool.start().toCompletableFuture());
        return pool;
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete in time: " + e, e);
        }
    }

    static TaskResult run(LocalPool pool, Task task) {
        return join(pool.execute(task).toCompletableFuture());
    }

    /** A noop task that holds its slot until cancelled (or for a minute). */
    static Task blocker() {
        return Task.builder().prompt("block").attribute(NoopRunner.DELAY_MS, "60000").build();
    }

    /** A noop task with this priority. */
    static Task prio(String prompt, int priority) {
        return Task.builder().prompt(prompt).priority(priority).build();
    }

    /**
     * Waits for a condition of an outside process (no event to wait on), checking every 10 ms.
     *
     * @param what      described in the failure
     * @param condition the condition
     * @param limit     how long at most
     */
    static void awaitCondition(String what, BooleanSupplier condition, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
    }

    @Override
    public void close() {
        provider.deactivate();
    }
}
