package io.mahavishnu.manager.internal;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolContext;
import io.mahavishnu.api.pool.PoolHealth;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.PoolProvider;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.ScaleDecision;
import io.mahavishnu.api.pool.ValidationException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, starts, restores, detaches, scales and closes pools. Restores and detaches triggered by pool types
 * coming and going run on one lifecycle thread, so a pool is never started twice; user operations run on the
 * caller's thread and complete asynchronously.
 */
final class PoolLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PoolLifecycle.class);

    private final PoolRegistry registry;
    private final ProviderRegistry providers;
    private final PoolStore store;
    private final ServicePublisher publisher;
    private final Events events;
    private final RoutingHealth health;
    private final Supplier<Settings> settings;
    private final AtomicLong seq = new AtomicLong();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mahavishnu-pool-lifecycle");
        t.setDaemon(true);
        return t;
    });

    PoolLifecycle(PoolRegistry registry, ProviderRegistry providers, PoolStore store, ServicePublisher publisher,
                  Events events, RoutingHealth health, Supplier<Settings> settings) {
        this.registry = registry;
        this.providers = providers;
        this.store = store;
        this.publisher = publisher;
        this.events = events;
        this.health = health;
        this.settings = settings;
    }

    // --- spawn and restore ---------------------------------------------------------------------------------

    CompletionStage<PoolInfo> spawn(PoolConfig config) {
        if (config == null) {
            return CompletableFuture.failedFuture(new ValidationException("config", null, "is required"));
        }
        PoolProvider provider = providers.get(config.poolType());
        if (provider == null) {
            return CompletableFuture.failedFuture(
                    PoolManagerException.unknownPoolType(config.poolType(), providers.types()));
        }
        ManagedPool mp = new ManagedPool(newId(config.poolType()), seq.incrementAndGet(), config, -1);
        BasePool pool;
        try {
            pool = provider.create(new Context(mp));
            store.save(entry(mp));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        mp.attach(pool, PoolStatus.PENDING);
        registry.add(mp);
        return start(mp, pool, true).handle((v, err) -> {
            if (err != null) {
                registry.remove(mp);
                store.delete(mp.poolId());
                throw new PoolManagerException("pool_start_failed", "Pool " + mp.poolId() + " (type "
                        + config.poolType() + ") failed to start: " + Errors.message(err));
            }
            events.poolCreated(mp.poolId(), config, pool.metrics().totalWorkers());
            return info(mp);
        });
    }

    /** Reads persisted pools; those whose type is deployed start on the lifecycle thread. */
    void restoreAll() {
        for (PoolStore.Entry e : store.loadAll()) {
            seq.accumulateAndGet(e.seq(), Math::max);
            registry.add(new ManagedPool(e.poolId(), e.seq(), e.config(), e.workers()));
        }
        for (String type : providers.types()) {
            providerArrived(type);
        }
    }

    void providerArrived(String type) {
        worker.execute(() -> {
            for (ManagedPool mp : registry.ofType(type)) {
                if (mp.pool() == null) {
                    restore(mp, type);
                }
            }
        });
    }

    private void restore(ManagedPool mp, String type) {
        PoolProvider provider = providers.get(type);
        if (provider == null) {
            return;
        }
        try {
            BasePool pool = provider.create(new Context(mp));
            mp.attach(pool, PoolStatus.PENDING);
            // published only once back at its saved size: whoever waits for the pool's service sees it as it was
            start(mp, pool, false).thenCompose(v -> resize(mp, pool).handle((r, scaleErr) -> {
                if (scaleErr != null) {
                    LOG.warn("Pool {} (type {}) restored with {} workers instead of the saved {}: {}", mp.poolId(),
                            type, pool.metrics().totalWorkers(), mp.persistedWorkers(), Errors.message(scaleErr));
                }
                publishIfAttached(mp, pool);
                return r;
            })).whenComplete((v, err) -> {
                registry.refresh();
                if (err != null) {
                    LOG.error("Pool {} (type {}) could not be restored: {}", mp.poolId(), type, Errors.message(err));
                } else {
                    LOG.info("Pool {} (type {}) restored", mp.poolId(), type);
                }
            }).toCompletableFuture().get(settings.get().stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            detachIf(mp, mp.pool(), PoolStatus.FAILED);
            registry.refresh();
            LOG.error("Pool {} (type {}) could not be restored: {}", mp.poolId(), type, Errors.message(e));
        }
    }

    private static CompletionStage<Void> resize(ManagedPool mp, BasePool pool) {
        int target = mp.persistedWorkers();
        try {
            return target >= 0 && target != pool.metrics().totalWorkers()
                    ? pool.scale(target) : CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** @param publish whether to register the pool's service once started (a restore does it after resizing) */
    private CompletionStage<Void> start(ManagedPool mp, BasePool pool, boolean publish) {
        CompletionStage<Void> started;
        try {
            started = pool.start();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        return started.whenComplete((v, err) -> {
            if (err == null) {
                health.started(mp);
                if (publish) {
                    publishIfAttached(mp, pool);
                }
            } else {
                detachIf(mp, pool, PoolStatus.FAILED);
                stopQuietly(pool);
            }
            registry.refresh();
        });
    }

    /*
     * Attaching, detaching and (un)registering a pool's BasePool service happen under the ManagedPool's monitor, so a
     * pool that finishes starting after its type left (or after it was closed) is never registered: no stale
     * service outlives the pool it stood for.
     */

    private void publishIfAttached(ManagedPool mp, BasePool pool) {
        synchronized (mp) {
            if (mp.pool() == pool && registry.contains(mp.poolId())) {
                publisher.publish(pool);
            }
        }
    }

    private void detachIf(ManagedPool mp, BasePool expected, PoolStatus status) {
        synchronized (mp) {
            if (mp.pool() == expected) {
                publisher.withdraw(mp.poolId());
                mp.attach(null, status);
            }
        }
    }

    /** Waits until every restore queued so far has run (restores run in order on one thread). */
    void awaitRestores(long timeoutMillis) throws Exception {
        worker.submit(() -> { }).get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    // --- pool types leaving --------------------------------------------------------------------------------

    /**
     * The bundle of a pool type is going away: stop its pools while its classes are still there (in-flight
     * tasks end as cancelled with a clear error), keep their specs, and show them as pending until it returns.
     */
    void providerLeft(String type) {
        for (ManagedPool mp : registry.ofType(type)) {
            BasePool pool = mp.pool();
            if (pool == null) {
                continue;
            }
            mp.detachReason("pool type '" + type + "' was undeployed");
            detachIf(mp, pool, PoolStatus.PENDING);
            registry.refresh();
            awaitStop(mp.poolId(), pool);
            mp.detachReason(null);
        }
    }

    // --- scale and close -----------------------------------------------------------------------------------

    /**
     * Scales a pool and saves its new size.
     *
     * @param decision the auto-scaling decision behind it, announced on the bus; null for a scale on request
     */
    CompletionStage<PoolInfo> scale(String poolId, int target, ScaleDecision decision) {
        ManagedPool mp = registry.get(poolId).orElse(null);
        if (mp == null) {
            return CompletableFuture.failedFuture(PoolManagerException.poolNotFound(poolId));
        }
        PoolConfig cfg = mp.config();
        if (target < cfg.minWorkers() || target > cfg.maxWorkers()) {
            return CompletableFuture.failedFuture(new ValidationException("target_workers", target,
                    "must be between min_workers=" + cfg.minWorkers() + " and max_workers=" + cfg.maxWorkers()));
        }
        BasePool pool = mp.pool();
        if (pool == null) {
            return CompletableFuture.failedFuture(TaskRunner.notRunning(mp));
        }
        int from = pool.metrics().totalWorkers();
        CompletionStage<Void> scaled;
        try {
            scaled = pool.scale(target);
        } catch (RuntimeException e) {
            scaled = CompletableFuture.failedFuture(e);
        }
        return scaled.handle((v, err) -> {
            registry.refresh();
            if (err != null) {
                Throwable root = Errors.root(err);
                if (root instanceof UnsupportedOperationException) {
                    throw new PoolManagerException("scale_unsupported", "Pool " + poolId + " (type "
                            + cfg.poolType() + ") does not support scaling");
                }
                throw Errors.unchecked(root);
            }
            mp.persistedWorkers(target);
            store.save(entry(mp));
            int to = pool.metrics().totalWorkers();
            if (decision == null) {
                events.scaled(poolId, mp.status(), from, to, null, "scaled on request");
            } else {
                events.scaled(poolId, mp.status(), from, to, decision.policy(), decision.reason());
            }
            return info(mp);
        });
    }

    CompletionStage<Void> close(String poolId) {
        ManagedPool mp = registry.get(poolId).orElse(null);
        BasePool pool;
        synchronized (mp == null ? this : mp) {
            if (mp == null || !registry.remove(mp)) {
                return CompletableFuture.failedFuture(PoolManagerException.poolNotFound(poolId));
            }
            publisher.withdraw(poolId);
            pool = mp.pool();
        }
        CompletionStage<Void> stopped = pool == null ? CompletableFuture.completedFuture(null) : stop(pool);
        return stopped.handle((v, err) -> {
            store.delete(poolId);
            events.poolClosed(poolId);
            if (err != null) {
                throw new PoolManagerException("close_incomplete", "Pool " + poolId
                        + " was removed but did not stop cleanly: " + Errors.message(err));
            }
            return null;
        });
    }

    /** Stops every live pool (specs stay persisted, so they come back on the next start). */
    void shutdown() {
        for (ManagedPool mp : registry.all()) {
            BasePool pool = mp.pool();
            if (pool != null) {
                detachIf(mp, pool, PoolStatus.STOPPED);
                awaitStop(mp.poolId(), pool);
            }
        }
        registry.refresh();
        worker.shutdownNow();
    }

    private CompletionStage<Void> stop(BasePool pool) {
        try {
            return pool.stop().toCompletableFuture()
                    .orTimeout(settings.get().stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void awaitStop(String poolId, BasePool pool) {
        try {
            stop(pool).toCompletableFuture().join();
        } catch (RuntimeException e) {
            LOG.error("Pool {} did not stop cleanly: {}", poolId, Errors.message(e));
        }
    }

    private static void stopQuietly(BasePool pool) {
        try {
            pool.stop().whenComplete((v, e) -> {
                if (e != null) {
                    LOG.warn("Cleanup of pool {} after a failed start failed: {}", pool.id(), Errors.message(e));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Cleanup of pool {} after a failed start failed: {}", pool.id(), e.getMessage());
        }
    }

    // --- views -----------------------------------------------------------------------------------------------

    static PoolInfo info(ManagedPool mp) {
        PoolMetrics m = mp.metrics();
        return new PoolInfo(mp.poolId(), mp.status(), m.totalWorkers(), mp.config(), m, mp.available());
    }

    static CompletableFuture<PoolHealth> health(ManagedPool mp, long timeoutMillis) {
        BasePool pool = mp.pool();
        if (pool == null) {
            return CompletableFuture.completedFuture(new PoolHealth(mp.poolId(), mp.poolType(),
                    HealthStatus.UNHEALTHY, Map.of("pool_status", mp.status().wireName(),
                    "error", "pool type '" + mp.poolType() + "' is not deployed or the pool failed to start")));
        }
        CompletableFuture<PoolHealth> check;
        try {
            check = pool.health().toCompletableFuture();
        } catch (RuntimeException e) {
            check = CompletableFuture.failedFuture(e);
        }
        return check.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).handle((h, err) -> {
            PoolHealth result = err == null ? h : new PoolHealth(mp.poolId(), mp.poolType(), HealthStatus.UNHEALTHY,
                    Map.of("error", "health check failed: " + Errors.message(err)));
            mp.health(result.status());
            return result;
        });
    }

    static PoolStore.Entry entry(ManagedPool mp) {
        return new PoolStore.Entry(mp.poolId(), mp.seq(), mp.config(), mp.persistedWorkers());
    }

    private String newId(String type) {
        String id;
        do {
            byte[] b = new byte[6];
            ThreadLocalRandom.current().nextBytes(b);
            id = type + "_" + HexFormat.of().formatHex(b);
        } while (registry.contains(id));
        return id;
    }

    /** What a pool provider sees of the manager for one pool. */
    private final class Context implements PoolContext {
        private final ManagedPool mp;

        Context(ManagedPool mp) {
            this.mp = mp;
        }

        @Override
        public String poolId() {
            return mp.poolId();
        }

        @Override
        public PoolConfig config() {
            return mp.config();
        }

        @Override
        public void stateChanged() {
            registry.refresh();
        }
    }

    static List<String> ids(List<ManagedPool> pools) {
        return pools.stream().map(ManagedPool::poolId).toList();
    }
}
