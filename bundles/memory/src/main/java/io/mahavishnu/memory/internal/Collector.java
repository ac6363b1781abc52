package io.mahavishnu.memory.internal;

import io.mahavishnu.api.memory.MemoryBatch;
import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the memory of running pools into the outbox with each pool's persisted cursor, so no item is taken twice;
 * the items and the new cursor are stored in one commit. Collections run one at a time ({@code this} is the lock).
 */
final class Collector {

    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    private final Outbox outbox;
    private final Supplier<Collection<String>> sinks;
    private final Supplier<MemorySettings> settings;
    private final LongSupplier clock;
    private final Runnable onNewItems;
    private final Map<String, BasePool> pools = new ConcurrentHashMap<>();
    private volatile Instant lastSync;

    /**
     * @param sinks      names of the sinks a new item becomes pending for
     * @param onNewItems told after items were added
     */
    Collector(Outbox outbox, Supplier<Collection<String>> sinks, Supplier<MemorySettings> settings,
              LongSupplier clock, Runnable onNewItems) {
        this.outbox = outbox;
        this.sinks = sinks;
        this.settings = settings;
        this.clock = clock;
        this.onNewItems = onNewItems;
    }

    void add(String poolId, BasePool pool) {
        pools.put(poolId, pool);
    }

    /** Stops tracking a pool after collecting what it still holds. */
    void remove(String poolId, BasePool pool) {
        if (pools.remove(poolId, pool)) {
            collect(poolId, pool);
        }
    }

    int pools() {
        return pools.size();
    }

    Instant lastSync() {
        return lastSync;
    }

    /** @return items added from every tracked pool */
    int collectAll() {
        int added = 0;
        for (Map.Entry<String, BasePool> e : pools.entrySet()) {
            added += collect(e.getKey(), e.getValue());
        }
        lastSync = Instant.ofEpochMilli(clock.getAsLong());
        return added;
    }

    /** @return items added from one pool (0 if its collection failed, which is logged) */
    synchronized int collect(String poolId, BasePool pool) {
        if (!pool.config().memoryEnabled()) {
            return 0;
        }
        try {
            MemoryBatch batch = fetch(pool, outbox.cursor(poolId));
            int added = store(poolId, batch);
            if (added > 0) {
                onNewItems.run();
            }
            return added;
        } catch (ValidationException e) {
            LOG.warn("Pool {} did not accept its memory cursor ({}); collecting from its oldest item again "
                    + "(items already in the outbox are skipped)", poolId, e.getMessage());
            outbox.resetCursor(poolId);
            return 0;
        } catch (TimeoutException e) {
            LOG.warn("Pool {}: memory collection took longer than {} s; retried at the next sync", poolId,
                    settings.get().collectTimeout().toSeconds());
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ValidationException v) {
                LOG.warn("Pool {} did not accept its memory cursor ({}); collecting from its oldest item again",
                        poolId, v.getMessage());
                outbox.resetCursor(poolId);
                return 0;
            }
            LOG.warn("Pool {}: memory collection failed: {}", poolId, cause.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private MemoryBatch fetch(BasePool pool, String cursor)
            throws InterruptedException, ExecutionException, TimeoutException {
        return pool.collectMemory(cursor).toCompletableFuture()
                .get(settings.get().collectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private int store(String poolId, MemoryBatch batch) {
        if (batch.items().isEmpty()) {
            return 0;
        }
        List<MemoryItem> added = outbox.append(poolId, batch.items(), batch.nextCursor(), sinks.get(),
                clock.getAsLong());
        if (!added.isEmpty()) {
            LOG.debug("Pool {}: {} memory items collected", poolId, added.size());
        }
        return added.size();
    }
}
