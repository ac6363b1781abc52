package io.mahavishnu.manager.internal;

import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.pool.ValidationException;
import io.mahavishnu.api.routing.RoutingDecision;
import io.mahavishnu.api.routing.RoutingRequest;
import io.mahavishnu.api.routing.RoutingStrategy;
import io.mahavishnu.api.manager.RemotePool;
import io.mahavishnu.api.routing.PoolCandidate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a task: resolves the strategy, offers it the healthy candidates ({@link RoutingHealth}), sends the task
 * to the chosen pool and, when that attempt fails, retries on another pool if allowed: a task the pool never
 * started is always retried; one that ran and failed is retried only if it is idempotent and the
 * {@link RetryBudget} allows. Every result carries {@code {strategy, reason, attempts}}; reason {@code panic}
 * means every running pool was ejected and routing went on anyway. Pools of other runtimes join the candidates as
 * {@link Federation} says and are sent their tasks through it.
 */
final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    static final String REASON_PANIC = "panic";
    private static final String AFFINITY = "affinity";

    private final PoolRegistry registry;
    private final StrategyRegistry strategies;
    private final TaskRunner runner;
    private final RoutingHealth health;
    private final RetryBudget budget;
    private final RoutingCounters counters;
    private final Supplier<Settings> settings;
    private final Federation federation;

    Router(PoolRegistry registry, StrategyRegistry strategies, TaskRunner runner, RoutingHealth health,
           RetryBudget budget, RoutingCounters counters, Supplier<Settings> settings, Federation federation) {
        this.federation = federation;
        this.registry = registry;
        this.strategies = strategies;
        this.runner = runner;
        this.health = health;
        this.budget = budget;
        this.counters = counters;
        this.settings = settings;
    }

    CompletableFuture<TaskResult> route(Task task, String strategyName, String affinityKey, boolean isDefault) {
        if (task == null) {
            return CompletableFuture.failedFuture(new ValidationException("task", null, "is required"));
        }
        RoutingStrategy strategy;
        try {
            strategy = strategies.get(strategyName);
        } catch (PoolManagerException e) {
            counters.rejected();
            return CompletableFuture.failedFuture(!isDefault ? e : new PoolManagerException(e.code(),
                    e.getMessage() + "; it is the default strategy, set by pool_routing_strategy"));
        }
        Routing routing = new Routing(task, strategyName, strategy, affinityKey);
        routing.attempt(null);
        return routing.out;
    }

    /** One routed task across its attempts. */
    private final class Routing {
        final Task task;
        final String strategyName;
        final RoutingStrategy strategy;
        final String affinityKey;
        final CompletableFuture<TaskResult> out = new CompletableFuture<>();
        final Set<String> tried = new LinkedHashSet<>();
        volatile CompletableFuture<TaskResult> current;
        /** Whether the attempt now running holds a retry-budget permit. */
        volatile boolean holdsPermit;

        Routing(Task task, String strategyName, RoutingStrategy strategy, String affinityKey) {
            this.task = task;
            this.strategyName = strategyName;
            this.strategy = strategy;
            this.affinityKey = affinityKey;
            out.whenComplete((r, err) -> {
                CompletableFuture<TaskResult> c = current;
                if (out.isCancelled() && c != null) {
                    c.cancel(true);
                }
            });
        }

        /** @param previous the last attempt's result, null before the first attempt */
        void attempt(TaskResult previous) {
            if (out.isDone()) {
                return;
            }
            List<ManagedPool> routable = registry.routable();
            RoutingHealth.Selection selection = health.select(routable, tried, affinityKey);
            Settings s = settings.get();
            boolean panic = selection.panic();
            // In panic every local candidate is ejected: it does not count as local capacity for prefer_local, and
            // healthy pools of other runtimes go before it.
            List<RemotePool> remote = federation.candidates(s.federationRouting(),
                    panic ? List.of() : selection.pools(), tried);
            List<? extends PoolCandidate> offered = selection.pools();
            if (!remote.isEmpty() && panic) {
                offered = remote;
                panic = false;
            } else if (!remote.isEmpty()) {
                List<PoolCandidate> all = new ArrayList<>(offered.size() + remote.size());
                all.addAll(offered);
                all.addAll(remote);
                offered = all;
            }
            if (offered.isEmpty()) {
                finish(previous, noPoolAvailable(routable));
                return;
            }
            RoutingDecision decision;
            try {
                RoutingDecision forced = null;
                if (affinityKey != null && AFFINITY.equals(strategyName)) {
                    AffinityAllowlist.Guarded guarded = s.allowlist().guard(affinityKey, offered);
                    offered = guarded.candidates();
                    forced = guarded.forced();
                }
                decision = forced != null ? forced : strategy.select(new RoutingRequest(task, affinityKey), offered);
            } catch (ValidationException | PoolManagerException e) {
                finish(previous, e);
                return;
            } catch (RuntimeException e) {
                LOG.error("Routing strategy '{}' failed", strategyName, e);
                finish(previous, new PoolManagerException("routing_failed",
                        "Routing strategy '" + strategyName + "' failed: " + Errors.message(e)));
                return;
            }
            PoolCandidate chosen = decision == null ? null : find(offered, decision.poolId());
            if (chosen == null) {
                finish(previous, new PoolManagerException("routing_failed", "Routing strategy '" + strategyName
                        + "' chose " + (decision == null ? "nothing" : "pool " + decision.poolId())
                        + ", which is not one of the running pools offered to it"));
                return;
            }
            String reason = panic && chosen instanceof ManagedPool ? REASON_PANIC : decision.reason();
            counters.decided(strategyName, reason);
            tried.add(chosen.poolId());
            TaskResult.RouteInfo route = new TaskResult.RouteInfo(strategyName, reason, tried.size());
            UnaryOperator<TaskResult> decorate = r -> {
                TaskResult routed = r.withRoute(route);
                feedback(chosen.poolId(), routed);
                if (chosen instanceof RemotePool rp) {
                    federation.record(rp, routed, settings.get().routing());
                }
                return routed;
            };
            CompletableFuture<TaskResult> attempt = chosen instanceof RemotePool rp
                    ? runner.delegate(federation.service(), rp, task, route, decorate)
                    : runner.run((ManagedPool) chosen, task, route, decorate);
            current = attempt;
            if (out.isCancelled()) {
                attempt.cancel(true);
            }
            attempt.whenComplete((r, err) -> {
                if (holdsPermit) {
                    holdsPermit = false;
                    budget.release();
                }
                if (err != null) {
                    // never reached the pool (it stopped meanwhile): safe to try another one
                    if (tried.size() < maxAttempts()) {
                        attempt(previous);
                    } else {
                        finish(previous, err);
                    }
                } else {
                    next(r);
                }
            });
        }

        private void next(TaskResult result) {
            boolean failed = result.status() == TaskStatus.FAILED || result.status() == TaskStatus.TIMEOUT;
            if (!failed || out.isDone() || tried.size() >= maxAttempts()) {
                out.complete(result);
                return;
            }
            boolean started = !Boolean.FALSE.equals(result.metadata().get(TaskRunner.ATTEMPTED));
            if (!started) {
                attempt(result);
            } else if (task.idempotent() && budget.tryAcquire(runner.inFlightCount(), settings.get().routing())) {
                LOG.info("Retrying idempotent task {} on another pool after {} on {}: {}", task.id(),
                        result.status().wireName(), result.poolId(), result.error());
                holdsPermit = true;
                attempt(result);
            } else {
                out.complete(result);
            }
        }

        /** Ends with the last attempt's result if there was one, else with the error. */
        private void finish(TaskResult previous, Throwable error) {
            if (previous != null) {
                out.complete(previous);
            } else {
                counters.rejected();
                out.completeExceptionally(Errors.unchecked(error));
            }
        }

        private int maxAttempts() {
            return settings.get().routing().maxAttempts();
        }

        private void feedback(String poolId, TaskResult result) {
            try {
                strategy.onResult(poolId, result);
            } catch (RuntimeException e) {
                LOG.warn("Routing strategy '{}' failed to take feedback: {}", strategyName, e.getMessage());
            }
        }
    }

    private static PoolCandidate find(List<? extends PoolCandidate> candidates, String poolId) {
        for (PoolCandidate c : candidates) {
            if (c.poolId().equals(poolId)) {
                return c;
            }
        }
        return null;
    }

    private PoolManagerException noPoolAvailable(List<ManagedPool> routable) {
        List<ManagedPool> all = registry.all();
        if (all.isEmpty()) {
            return new PoolManagerException(PoolManagerException.NO_POOL_AVAILABLE,
                    "No pools available for routing (spawn a pool first)");
        }
        StringBuilder sb = new StringBuilder("No pools available for routing: ");
        if (routable.isEmpty()) {
            sb.append("none of the ").append(all.size()).append(" pools accepts tasks (");
            for (int i = 0; i < all.size(); i++) {
                ManagedPool p = all.get(i);
                sb.append(i == 0 ? "" : ", ").append(p.poolId()).append(' ').append(p.status().wireName());
            }
            sb.append(')');
        } else {
            sb.append("every running pool was tried");
        }
        return new PoolManagerException(PoolManagerException.NO_POOL_AVAILABLE, sb.toString());
    }
}
