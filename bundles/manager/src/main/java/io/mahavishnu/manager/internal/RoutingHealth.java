package io.mahavishnu.manager.internal;

import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which running pools a routing decision may choose from, in the manner of Envoy's outlier detection and slow
 * start:
 * <ul>
 * <li><b>Ejection</b>: a pool whose tasks failed (failed or timeout) {@code ejectAfterFailures} times in a row is
 * left out for {@code baseEjection × n} (the n-th ejection, capped at {@code maxEjection}). At most
 * {@code maxEjectionPercent} of the pools are ejected at once, though one pool always may be.</li>
 * <li><b>Panic</b>: when every running pool is ejected, routing proceeds over all of them and says so.</li>
 * <li><b>Slow start</b>: a pool that started running while other pools were established is offered to strategies
 * with a probability rising from 10 % to 100 % over {@code slowStartWindow}. When every pool is new (e.g. right
 * after a restart), none is held back.</li>
 * </ul>
 * The common case costs one volatile read: {@link #quietAfter} says until when no pool is ejected or slow-starting.
 */
final class RoutingHealth {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingHealth.class);
    private static final double SLOW_START_FLOOR = 0.1;

    /** Candidates of one decision. */
    record Selection(List<ManagedPool> pools, boolean panic) {
    }

    private final PoolRegistry registry;
    private final Supplier<Settings> settings;
    private final LongSupplier clock;
    private final Events events;
    /** Until this time ({@link System#nanoTime()} scale) some pool may be ejected or slow-starting. */
    private volatile long quietAfter;

    RoutingHealth(PoolRegistry registry, Supplier<Settings> settings, LongSupplier clock, Events events) {
        this.registry = registry;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        this.quietAfter = clock.getAsLong();
    }

    /** A pool started running: it may be slow-started from now on. */
    void started(ManagedPool pool) {
        long now = clock.getAsLong();
        pool.started(now);
        extendQuiet(now + settings.get().routing().slowStartWindow().toNanos());
    }

    /**
     * Chooses the candidates for one decision.
     *
     * @param routable    running pools, in spawn order
     * @param exclude     pools already tried by this task
     * @param affinityKey the affinity key; a named slow-starting pool is never held back
     */
    Selection select(List<ManagedPool> routable, Set<String> exclude, String affinityKey) {
        long now = clock.getAsLong();
        if (exclude.isEmpty() && now - quietAfter > 0) {
            return new Selection(routable, false);
        }
        Settings.RoutingPolicy policy = settings.get().routing();
        List<ManagedPool> healthy = new ArrayList<>(routable.size());
        for (ManagedPool p : routable) {
            if (!exclude.contains(p.poolId()) && !p.ejectedAt(now)) {
                healthy.add(p);
            }
        }
        if (healthy.isEmpty()) {
            List<ManagedPool> untried = new ArrayList<>(routable.size());
            for (ManagedPool p : routable) {
                if (!exclude.contains(p.poolId())) {
                    untried.add(p);
                }
            }
            return new Selection(untried, !untried.isEmpty());
        }
        return new Selection(slowStart(healthy, now, policy, affinityKey), false);
    }

    private static List<ManagedPool> slowStart(List<ManagedPool> pools, long now, Settings.RoutingPolicy policy,
                                               String affinityKey) {
        long window = policy.slowStartWindow().toNanos();
        if (window <= 0) {
            return pools;
        }
        boolean anyEstablished = false;
        for (ManagedPool p : pools) {
            if (now - p.runningSince() >= window) {
                anyEstablished = true;
                break;
            }
        }
        if (!anyEstablished) {
            return pools;
        }
        List<ManagedPool> offered = new ArrayList<>(pools.size());
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (ManagedPool p : pools) {
            long age = now - p.runningSince();
            double share = age >= window ? 1.0 : SLOW_START_FLOOR + (1 - SLOW_START_FLOOR) * age / (double) window;
            if (share >= 1.0 || p.poolId().equals(affinityKey) || rnd.nextDouble() < share) {
                offered.add(p);
            }
        }
        return offered.isEmpty() ? pools : offered;
    }

    /** Records a task's outcome on its pool; ejects the pool after too many failures in a row. */
    void record(ManagedPool pool, TaskResult result) {
        TaskStatus status = result.status();
        if (status == TaskStatus.CANCELLED) {
            return;
        }
        Settings.RoutingPolicy policy = settings.get().routing();
        long now = clock.getAsLong();
        if (status == TaskStatus.COMPLETED) {
            pool.succeeded();
            if (pool.timesEjected() > 0 && now - pool.lastEjectedAt() > policy.maxEjection().toNanos()) {
                pool.forgiveEjections();
            }
            return;
        }
        int inARow = pool.failedInARow();
        if (policy.ejectAfterFailures() > 0 && inARow >= policy.ejectAfterFailures() && !pool.ejectedAt(now)) {
            eject(pool, inARow, now, policy);
        }
    }

    private synchronized void eject(ManagedPool pool, int inARow, long now, Settings.RoutingPolicy policy) {
        if (pool.ejectedAt(now)) {
            return;
        }
        List<ManagedPool> all = registry.routable();
        int ejected = 0;
        for (ManagedPool p : all) {
            if (p.ejectedAt(now)) {
                ejected++;
            }
        }
        if (ejected > 0 && (ejected + 1) * 100 > policy.maxEjectionPercent() * all.size()) {
            LOG.warn("Pool {} failed {} tasks in a row but stays in routing: {} of {} pools are already ejected "
                    + "(outlier_max_ejection_percent={})", pool.poolId(), inARow, ejected, all.size(),
                    policy.maxEjectionPercent());
            return;
        }
        int times = pool.timesEjected() + 1;
        long duration = policy.ejectionNanos(times);
        pool.eject(now, now + duration, times);
        extendQuiet(now + duration);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(duration);
        LOG.warn("Pool {} ejected from routing for {} s after {} failed tasks in a row (ejection {})",
                pool.poolId(), seconds, inARow, times);
        events.routingChanged(pool.poolId(), pool.status(), pool.capacity(), "ejected",
                "ejected for " + seconds + " s after " + inARow + " failed tasks in a row");
    }

    private void extendQuiet(long until) {
        synchronized (this) {
            if (until - quietAfter > 0) {
                quietAfter = until;
            }
        }
    }

    /** @return ids of the pools ejected now */
    List<String> ejected() {
        long now = clock.getAsLong();
        List<String> ids = new ArrayList<>();
        for (ManagedPool p : registry.all()) {
            if (p.ejectedAt(now)) {
                ids.add(p.poolId());
            }
        }
        return ids;
    }
}
