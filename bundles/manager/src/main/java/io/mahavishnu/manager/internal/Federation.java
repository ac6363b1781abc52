package io.mahavishnu.manager.internal;

import io.mahavishnu.api.manager.PoolFederation;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.RemotePool;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolHealth;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional {@link PoolFederation} service and how routing uses it ({@code federation_routing}):
 * <ul>
 * <li>{@code local_only} — remote pools are listed but never routed to;</li>
 * <li>{@code prefer_local} — remote pools are offered only when no local candidate has an idle worker;</li>
 * <li>{@code global} — local and remote pools are offered together.</li>
 * </ul>
 * A remote pool that fails {@code outlier_consecutive_failures} routed tasks in a row is left out of routing like an
 * ejected local pool ({@code outlier_base_ejection_seconds} × times ejected, capped); it is still listed.
 */
final class Federation {

    private static final Logger LOG = LoggerFactory.getLogger(Federation.class);

    /** How routing treats pools of other runtimes. */
    enum Mode {
        LOCAL_ONLY, PREFER_LOCAL, GLOBAL;

        static Mode parse(String raw) {
            String v = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            for (Mode m : values()) {
                if (m.name().toLowerCase(Locale.ROOT).equals(v)) {
                    return m;
                }
            }
            throw new ValidationException("federation_routing", raw, "must be one of: local_only, prefer_local, global");
        }
    }

    private volatile PoolFederation service;
    /** Outlier state of remote pools this runtime routed to, by pool id. */
    private final Map<String, Outlier> outliers = new java.util.concurrent.ConcurrentHashMap<>();

    /** Consecutive failures and ejection of one remote pool; guarded by itself. */
    private static final class Outlier {
        int failedInARow;
        int timesEjected;
        long ejectedUntil;
        boolean ejected;
    }

    void bind(PoolFederation federation) {
        service = federation;
    }

    void unbind(PoolFederation federation) {
        if (service == federation) {
            service = null;
        }
    }

    PoolFederation service() {
        return service;
    }

    /** @return pools of other runtimes now; empty without a federation or when it fails */
    List<RemotePool> remote() {
        PoolFederation f = service;
        if (f == null) {
            return List.of();
        }
        try {
            List<RemotePool> pools = f.remotePools();
            return pools == null ? List.of() : pools;
        } catch (RuntimeException e) {
            LOG.warn("The pool federation failed to list remote pools: {}", e.getMessage());
            return List.of();
        }
    }

    Optional<RemotePool> find(String poolId) {
        for (RemotePool p : remote()) {
            if (p.poolId().equals(poolId)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * @param local   the local candidates offered to this decision
     * @param exclude pools already tried by this task
     * @return the remote pools to offer beside them
     */
    List<RemotePool> candidates(Mode mode, List<ManagedPool> local, Set<String> exclude) {
        if (mode == Mode.LOCAL_ONLY || service == null) {
            return List.of();
        }
        if (mode == Mode.PREFER_LOCAL) {
            for (ManagedPool p : local) {
                if (p.load() < 1.0) {
                    return List.of();
                }
            }
        }
        List<RemotePool> out = new ArrayList<>();
        long now = System.nanoTime();
        for (RemotePool p : remote()) {
            if (p.status().acceptsTasks() && p.capacity() > 0 && !exclude.contains(p.poolId())
                    && !ejected(p.poolId(), now)) {
                out.add(p);
            }
        }
        return out;
    }

    private boolean ejected(String poolId, long now) {
        Outlier o = outliers.get(poolId);
        if (o == null) {
            return false;
        }
        synchronized (o) {
            return o.ejected && now - o.ejectedUntil < 0;
        }
    }

    /**
     * Records the outcome of a routed task on a remote pool: {@code ejectAfterFailures} failures in a row leave the
     * pool out of routing for the base ejection time × times ejected (capped at the maximum).
     */
    void record(RemotePool pool, io.mahavishnu.api.pool.TaskResult result, Settings.RoutingPolicy policy) {
        io.mahavishnu.api.pool.TaskStatus status = result.status();
        if (status == io.mahavishnu.api.pool.TaskStatus.CANCELLED) {
            return;
        }
        Outlier o = outliers.computeIfAbsent(pool.poolId(), k -> new Outlier());
        long now = System.nanoTime();
        long seconds;
        int inARow;
        synchronized (o) {
            if (status == io.mahavishnu.api.pool.TaskStatus.COMPLETED) {
                o.failedInARow = 0;
                return;
            }
            inARow = ++o.failedInARow;
            if (policy.ejectAfterFailures() <= 0 || inARow < policy.ejectAfterFailures()
                    || (o.ejected && now - o.ejectedUntil < 0)) {
                return;
            }
            o.timesEjected++;
            long duration = policy.ejectionNanos(o.timesEjected);
            o.ejected = true;
            o.ejectedUntil = now + duration;
            o.failedInARow = 0;
            seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(duration);
        }
        LOG.warn("Pool {} of runtime {} ejected from routing for {} s after {} failed tasks in a row", pool.poolId(),
                pool.runtimeId(), seconds, inARow);
    }

    /** @return ids of the remote pools ejected from routing now */
    List<String> ejected() {
        long now = System.nanoTime();
        List<String> ids = new ArrayList<>();
        outliers.keySet().forEach(id -> {
            if (ejected(id, now)) {
                ids.add(id);
            }
        });
        return ids;
    }

    static PoolInfo info(RemotePool p) {
        PoolConfig config;
        try {
            config = PoolConfig.builder().name(p.name() == null || p.name().isBlank() ? p.poolId() : p.name())
                    .poolType(p.poolType()).workerType(p.workerType() == null ? "remote" : p.workerType())
                    .minWorkers(Math.min(p.minWorkers(), p.maxWorkers())).maxWorkers(Math.max(1, p.maxWorkers()))
                    .build();
        } catch (ValidationException e) {
            config = PoolConfig.builder().name(p.poolId()).poolType(p.poolType()).workerType("remote")
                    .minWorkers(0).maxWorkers(Math.max(1, p.capacity())).build();
        }
        PoolMetrics metrics = new PoolMetrics(p.poolId(), p.status(), Math.max(0, p.inFlight() - p.queued()),
                p.capacity(), Math.max(0, p.inFlight() - p.queued()), p.queued(), 0, 0, 0, 0,
                p.latencyEwmaMillis(), 0, 0, 0, null);
        return new PoolInfo(p.poolId(), p.status(), p.capacity(), config, metrics, true, p.runtimeId());
    }

    static PoolHealth health(RemotePool p) {
        return new PoolHealth(p.poolId(), p.poolType(), p.health(), Map.of("runtime_id", p.runtimeId(),
                "pool_status", p.status().wireName(), "workers", p.capacity()));
    }
}
