package io.mahavishnu.manager.internal;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.pool.AutoscalePolicy;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.ScaleDecision;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales pools with {@code auto_scale=true}: every {@code autoscale_interval_seconds} it asks each such pool's
 * {@link AutoscalePolicy} (its {@code extra_config.autoscale_policy}, else the {@code autoscale_policy} setting) for
 * a worker count, clamps it to [min_workers, max_workers] and scales the pool. Every decision — held or taken — is
 * kept on the pool (its metrics show the latest); every step is announced on the bus as {@code status_update} with
 * from, to, policy and reason. Policies run on this one thread, so they need no locking of their own.
 */
final class Autoscaler {

    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);

    /** Scales a pool for a decision; {@link PoolLifecycle#scale} in the runtime. */
    interface Scaler {
        CompletionStage<PoolInfo> scale(String poolId, int target, ScaleDecision decision);
    }

    private final PoolRegistry registry;
    private final Supplier<Settings> settings;
    private final Scaler scaler;
    private final Clock clock;
    private final Map<String, AutoscalePolicy> policies = new ConcurrentHashMap<>();
    /** Every policy deployed under each name, oldest first; guarded by {@code this}. */
    private final Map<String, List<AutoscalePolicy>> registered = new java.util.HashMap<>();
    /** Pools asked about at the last tick; read and written on the timer thread only. */
    private final Map<String, String> policyOfPool = new ConcurrentHashMap<>();
    /** (pool, policy) pairs already warned about a missing policy, so the log is not flooded. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mahavishnu-autoscaler");
        t.setDaemon(true);
        return t;
    });
    /** The periodic tick; replaced when the interval changes. Guarded by {@code this}. */
    private ScheduledFuture<?> ticking;

    Autoscaler(PoolRegistry registry, Supplier<Settings> settings, Scaler scaler, Clock clock) {
        this.registry = registry;
        this.settings = settings;
        this.scaler = scaler;
        this.clock = clock;
    }

    /** Starts ticking at the configured interval, or restarts with a changed one. */
    synchronized void schedule() {
        if (ticking != null) {
            ticking.cancel(false);
        }
        long millis = settings.get().autoscaleInterval().toMillis();
        ticking = timer.scheduleWithFixedDelay(this::tickSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    void shutdown() {
        timer.shutdownNow();
    }

    /** The latest deployed policy of a name is used; when it goes, the one deployed before it takes over again. */
    synchronized void addPolicy(String name, AutoscalePolicy policy) {
        registered.computeIfAbsent(name, n -> new ArrayList<>()).add(policy);
        policies.put(name, policy);
        warned.removeIf(w -> w.endsWith("/" + name));
        LOG.info("Autoscale policy '{}' available", name);
    }

    synchronized void removePolicy(String name, AutoscalePolicy policy) {
        List<AutoscalePolicy> same = registered.get(name);
        if (same == null || !same.remove(policy)) {
            return;
        }
        if (same.isEmpty()) {
            registered.remove(name);
            policies.remove(name, policy);
        } else if (policies.get(name) == policy) {
            policies.put(name, same.get(same.size() - 1));
            LOG.info("Autoscale policy '{}' removed; the one deployed before it is used again", name);
        }
    }

    Set<String> policies() {
        return Set.copyOf(policies.keySet());
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("Autoscaling round failed", e);
        }
    }

    /** Runs one round now on the autoscaler's thread and waits for it; for tests. */
    void tickNow() throws Exception {
        timer.submit(this::tick).get(30, TimeUnit.SECONDS);
    }

    /** One round over the auto-scaling pools; runs on the timer thread. */
    private void tick() {
        Set<String> seen = new HashSet<>();
        for (ManagedPool mp : registry.all()) {
            if (mp.config().autoScale() && mp.acceptsTasks()) {
                seen.add(mp.poolId());
                decide(mp);
            }
        }
        policyOfPool.entrySet().removeIf(e -> {
            if (seen.contains(e.getKey())) {
                return false;
            }
            AutoscalePolicy p = policies.get(e.getValue());
            if (p != null) {
                p.forget(e.getKey());
            }
            return true;
        });
    }

    private void decide(ManagedPool mp) {
        PoolConfig cfg = mp.config();
        String name = cfg.get("autoscale_policy", settings.get().autoscalePolicy());
        AutoscalePolicy policy = policies.get(name);
        if (policy == null) {
            if (warned.add(mp.poolId() + "/" + name)) {
                LOG.warn("Pool {} auto-scales with policy '{}', which is not deployed (deployed: {}); it keeps its "
                        + "size until the policy arrives", mp.poolId(), name, policies.keySet());
            }
            return;
        }
        String previous = policyOfPool.put(mp.poolId(), name);
        if (previous != null && !previous.equals(name) && policies.get(previous) != null) {
            policies.get(previous).forget(mp.poolId());
        }
        if (!mp.beginScaling()) {
            return;
        }
        boolean handedOff = false;
        try {
            PoolMetrics m = mp.metrics();
            Instant now = clock.instant();
            AutoscalePolicy.Decision d = policy.decide(new AutoscalePolicy.Input(mp.poolId(), m.totalWorkers(),
                    cfg.minWorkers(), cfg.maxWorkers(), m.inFlight(), m.queued(), m.latencyEwmaMillis(), now,
                    mp.lastScaleAt()));
            if (d == null) {
                return;
            }
            int target = Math.max(cfg.minWorkers(), Math.min(cfg.maxWorkers(), d.targetWorkers()));
            ScaleDecision decision = new ScaleDecision(m.totalWorkers(), target,
                    d.reason() == null ? "" : d.reason(), name, now);
            mp.decided(decision);
            if (!decision.changed()) {
                return;
            }
            LOG.info("Autoscaling pool {} from {} to {} workers ({}): {}", mp.poolId(), decision.from(),
                    decision.to(), name, decision.reason());
            handedOff = true;
            scaler.scale(mp.poolId(), target, decision).whenComplete((info, err) -> {
                mp.endScaling();
                if (err == null) {
                    mp.scaledAt(now);
                } else {
                    LOG.warn("Autoscaling pool {} to {} workers failed: {}", mp.poolId(), target,
                            Errors.message(err));
                }
            });
        } catch (RuntimeException e) {
            LOG.error("Autoscale policy '{}' failed for pool {}", name, mp.poolId(), e);
        } finally {
            if (!handedOff) {
                mp.endScaling();
            }
        }
    }
}
