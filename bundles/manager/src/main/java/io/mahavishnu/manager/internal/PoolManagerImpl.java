package io.mahavishnu.manager.internal;

import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.manager.BatchListener;
import io.mahavishnu.api.manager.ManagerHealth;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.manager.PoolEventListener;
import io.mahavishnu.api.manager.PoolFederation;
import io.mahavishnu.api.manager.RemotePool;
import io.mahavishnu.api.manager.PoolSummary;
import io.mahavishnu.api.manager.RateLimitedException;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.manager.RoutingStats;
import io.mahavishnu.api.pool.AutoscalePolicy;
import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolHealth;
import io.mahavishnu.api.pool.PoolProvider;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.ValidationException;
import io.mahavishnu.api.routing.RoutingStrategy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PoolManager} service. Finds pool types ({@link PoolProvider}), routing strategies and the bus
 * through dynamic references; keeps pools in ConfigAdmin so they survive restarts. The pool lifecycle lives in
 * {@link PoolLifecycle}, task execution and routing in {@link TaskRunner}; this class wires them to OSGi.
 */
@Component(service = PoolManager.class, configurationPid = PoolManagerImpl.PID, immediate = true)
@Designate(ocd = ManagerConfig.class)
public class PoolManagerImpl implements PoolManager {

    /** Configuration PID of the manager. */
    public static final String PID = "io.mahavishnu.manager";
    /** How long a setting changed at runtime may take to come back from ConfigAdmin before it is applied directly. */
    static final long SETTINGS_DELIVERY_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(PoolManagerImpl.class);

    private final PoolRegistry registry;
    private final ProviderRegistry providers = new ProviderRegistry();
    private final StrategyRegistry strategies;
    private final Events events;
    private final PoolLifecycle lifecycle;
    private final TaskRunner runner;
    private final Router router;
    private final RoutingHealth health;
    private final RoutingCounters counters = new RoutingCounters();
    private final RetryBudget budget = new RetryBudget();
    private final SettingsWriter writer;
    private final Federation federation = new Federation();
    private final CallerQuotas quotas = new CallerQuotas(() -> this.settings, System::nanoTime);
    private final Autoscaler autoscaler;
    private volatile MessageBus bus;
    private volatile Settings settings;
    /** Notified whenever ConfigAdmin delivers the manager's configuration. */
    private final Object settingsDelivered = new Object();

    /**
     * DS constructor.
     *
     * @param configAdmin where pools are persisted
     * @param context     used to register each running pool as a {@link BasePool} service
     * @param config      settings
     */
    @Activate
    public PoolManagerImpl(@Reference ConfigurationAdmin configAdmin, BundleContext context, ManagerConfig config) {
        this(new ConfigAdminPoolStore(configAdmin), new ServicePublisher(context), settingsOrDefaults(config),
                new SettingsWriter(configAdmin, System::getenv));
    }

    PoolManagerImpl(PoolStore store, ServicePublisher publisher, Settings settings) {
        this(store, publisher, settings, new SettingsWriter(null, Map::of));
    }

    PoolManagerImpl(PoolStore store, ServicePublisher publisher, Settings settings, SettingsWriter writer) {
        this.writer = writer;
        this.settings = settings;
        this.strategies = new StrategyRegistry(settings.strategyGrace().toMillis());
        this.events = new Events(() -> bus);
        this.registry = new PoolRegistry((pool, previous) ->
                events.statusChanged(pool.poolId(), previous, pool.status()));
        this.health = new RoutingHealth(registry, () -> this.settings, System::nanoTime, events);
        this.lifecycle = new PoolLifecycle(registry, providers, store, publisher, events, health,
                () -> this.settings);
        this.runner = new TaskRunner(registry, events, health);
        this.router = new Router(registry, strategies, runner, health, budget, counters, () -> this.settings,
                federation);
        this.autoscaler = new Autoscaler(registry, () -> this.settings, lifecycle::scale, java.time.Clock.systemUTC());
        autoscaler.schedule();
        lifecycle.restoreAll();
    }

    /**
     * A bad value in the manager's configuration must not take the whole runtime down: the manager starts with the
     * defaults and says which setting to fix (a routing strategy that is not deployed is reported where it is used).
     */
    static Settings settingsOrDefaults(ManagerConfig config) {
        try {
            return Settings.of(config);
        } catch (ValidationException e) {
            LOG.error("Invalid setting in etc/{}.cfg (or its environment variable): {}; the pool manager runs with "
                    + "the default settings until it is fixed", PID, e.getMessage());
            return Settings.DEFAULTS;
        }
    }

    @Modified
    void modified(ManagerConfig config) {
        Settings previous = settings;
        Settings next;
        try {
            next = Settings.of(config);
        } catch (ValidationException e) {
            LOG.error("Invalid setting in etc/{}.cfg (or its environment variable): {}; the previous settings stay "
                    + "in force", PID, e.getMessage());
            return;
        }
        synchronized (settingsDelivered) {
            this.settings = next;
            settingsDelivered.notifyAll();
        }
        if (!previous.autoscaleInterval().equals(settings.autoscaleInterval())) {
            autoscaler.schedule();
        }
    }

    @Deactivate
    void deactivate() {
        autoscaler.shutdown();
        events.fanout().shutdown();
        lifecycle.shutdown();
    }

    // --- dynamic references ----------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPoolProvider(PoolProvider provider, Map<String, Object> props) {
        String type = ProviderRegistry.typeOf(props);
        if (type != null && providers.add(type, provider)) {
            lifecycle.providerArrived(type);
        }
    }

    void unbindPoolProvider(PoolProvider provider, Map<String, Object> props) {
        String type = ProviderRegistry.typeOf(props);
        if (type != null && providers.remove(type, provider)) {
            lifecycle.providerLeft(type);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRoutingStrategy(RoutingStrategy strategy, Map<String, Object> props) {
        Object name = props.get(RoutingStrategy.STRATEGY);
        if (name != null) {
            strategies.add(name.toString(), strategy);
        }
    }

    void unbindRoutingStrategy(RoutingStrategy strategy, Map<String, Object> props) {
        Object name = props.get(RoutingStrategy.STRATEGY);
        if (name != null) {
            strategies.remove(name.toString(), strategy);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAutoscalePolicy(AutoscalePolicy policy, Map<String, Object> props) {
        Object name = props.get(AutoscalePolicy.POLICY);
        if (name != null) {
            autoscaler.addPolicy(name.toString(), policy);
        }
    }

    void unbindAutoscalePolicy(AutoscalePolicy policy, Map<String, Object> props) {
        Object name = props.get(AutoscalePolicy.POLICY);
        if (name != null) {
            autoscaler.removePolicy(name.toString(), policy);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindPoolEventListener(PoolEventListener listener) {
        events.fanout().add(listener);
    }

    void unbindPoolEventListener(PoolEventListener listener) {
        events.fanout().remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPoolFederation(PoolFederation service) {
        federation.bind(service);
    }

    void unbindPoolFederation(PoolFederation service) {
        federation.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMessageBus(MessageBus messageBus) {
        this.bus = messageBus;
    }

    void unbindMessageBus(MessageBus messageBus) {
        if (this.bus == messageBus) {
            this.bus = null;
        }
    }

    // --- PoolManager ---------------------------------------------------------------------------------------

    @Override
    public CompletionStage<PoolInfo> spawn(PoolConfig config) {
        return lifecycle.spawn(config);
    }

    @Override
    public CompletionStage<TaskResult> execute(String poolId, Task task) {
        try {
            quotas.charge(task);
        } catch (RateLimitedException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (poolId != null && !registry.contains(poolId)) {
            Optional<RemotePool> remote = federation.find(poolId);
            if (remote.isPresent() && task != null) {
                return runner.delegate(federation.service(), remote.get(), task, null, r -> r);
            }
        }
        return runner.execute(poolId, task);
    }

    @Override
    public CompletionStage<TaskResult> route(Task task, RouteOptions options) {
        try {
            quotas.charge(task);
        } catch (RateLimitedException e) {
            return CompletableFuture.failedFuture(e);
        }
        RouteOptions opts = options == null ? RouteOptions.DEFAULT : options;
        boolean isDefault = opts.strategy() == null || opts.strategy().isBlank();
        return router.route(task, isDefault ? settings.defaultStrategy() : opts.strategy().trim(),
                opts.affinityKey(), isDefault);
    }

    @Override
    public CompletionStage<Map<String, TaskResult>> executeBatch(String poolId, List<Task> tasks,
                                                                 BatchListener listener) {
        try {
            quotas.charge(tasks == null || tasks.isEmpty() ? null : tasks.get(0));
        } catch (RateLimitedException e) {
            return CompletableFuture.failedFuture(e);
        }
        return runner.executeBatch(poolId, tasks, listener);
    }

    @Override
    public boolean cancel(String taskId) {
        return runner.cancel(taskId);
    }

    @Override
    public CompletionStage<PoolInfo> scale(String poolId, int targetWorkers) {
        Optional<PoolManagerException> remote = remoteOnly(poolId, "scale");
        return remote.isPresent() ? CompletableFuture.failedFuture(remote.get())
                : lifecycle.scale(poolId, targetWorkers, null);
    }

    /** @return an error if the pool belongs to another runtime: it is managed there */
    private Optional<PoolManagerException> remoteOnly(String poolId, String operation) {
        if (poolId == null || registry.contains(poolId)) {
            return Optional.empty();
        }
        return federation.find(poolId).map(r -> new PoolManagerException("remote_pool", "Pool " + poolId
                + " runs in runtime " + r.runtimeId() + "; " + operation + " it there"));
    }

    @Override
    public CompletionStage<Map<String, PoolSummary>> aggregateResults(Collection<String> poolIds) {
        List<ManagedPool> selected = new ArrayList<>();
        if (poolIds == null || poolIds.isEmpty()) {
            selected.addAll(registry.all());
        } else {
            for (String id : poolIds) {
                Optional<ManagedPool> mp = registry.get(id);
                if (mp.isEmpty() && federation.find(id).isEmpty()) {
                    return CompletableFuture.failedFuture(PoolManagerException.poolNotFound(id));
                }
                mp.ifPresent(selected::add);
            }
        }
        Map<String, CompletableFuture<PoolSummary>> parts = new LinkedHashMap<>();
        for (ManagedPool mp : selected) {
            BasePool p = mp.pool();
            CompletableFuture<Integer> count = p == null ? CompletableFuture.completedFuture(0)
                    : p.collectMemory(null).toCompletableFuture().thenApply(b -> b.items().size());
            parts.put(mp.poolId(), count.thenApply(n -> new PoolSummary(mp.poolId(), n, mp.status(), mp.metrics())));
        }
        for (RemotePool r : federation.remote()) {
            if (poolIds == null || poolIds.isEmpty() || poolIds.contains(r.poolId())) {
                PoolInfo info = Federation.info(r);
                parts.put(r.poolId(), CompletableFuture.completedFuture(
                        new PoolSummary(r.poolId(), 0, r.status(), info.metrics())));
            }
        }
        return CompletableFuture.allOf(parts.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, PoolSummary> out = new LinkedHashMap<>();
            parts.forEach((id, f) -> out.put(id, f.join()));
            return out;
        });
    }

    @Override
    public CompletionStage<Void> close(String poolId) {
        Optional<PoolManagerException> remote = remoteOnly(poolId, "close");
        return remote.isPresent() ? CompletableFuture.failedFuture(remote.get()) : lifecycle.close(poolId);
    }

    @Override
    public CompletionStage<Integer> closeAll() {
        List<ManagedPool> all = registry.all();
        AtomicInteger closed = new AtomicInteger();
        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (ManagedPool mp : all) {
            each.add(lifecycle.close(mp.poolId()).toCompletableFuture()
                    .whenComplete((v, e) -> closed.incrementAndGet()));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .handle((v, e) -> {
                    if (e != null) {
                        throw new PoolManagerException("close_incomplete", "Closed " + closed.get() + " of "
                                + all.size() + " pools; some did not stop cleanly: " + Errors.message(e));
                    }
                    return closed.get();
                });
    }

    @Override
    public List<PoolInfo> list() {
        List<PoolInfo> out = new ArrayList<>();
        for (ManagedPool mp : registry.all()) {
            out.add(PoolLifecycle.info(mp));
        }
        for (RemotePool r : federation.remote()) {
            out.add(Federation.info(r));
        }
        return out;
    }

    @Override
    public Optional<PoolInfo> get(String poolId) {
        Optional<PoolInfo> local = registry.get(poolId).map(PoolLifecycle::info);
        return local.isPresent() ? local : federation.find(poolId).map(Federation::info);
    }

    @Override
    public CompletionStage<ManagerHealth> health() {
        long timeoutMillis = settings.healthTimeout().toMillis();
        List<CompletableFuture<PoolHealth>> checks = new ArrayList<>();
        for (ManagedPool mp : registry.all()) {
            checks.add(PoolLifecycle.health(mp, timeoutMillis));
        }
        for (RemotePool r : federation.remote()) {
            checks.add(CompletableFuture.completedFuture(Federation.health(r)));
        }
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<PoolHealth> pools = new ArrayList<>();
            int unhealthy = 0;
            for (CompletableFuture<PoolHealth> c : checks) {
                PoolHealth h = c.join();
                pools.add(h);
                if (h.status() == HealthStatus.UNHEALTHY) {
                    unhealthy++;
                }
            }
            HealthStatus overall = unhealthy == 0 ? HealthStatus.HEALTHY
                    : unhealthy == pools.size() ? HealthStatus.UNHEALTHY : HealthStatus.DEGRADED;
            return new ManagerHealth(overall, pools.size(), pools);
        });
    }

    @Override
    public String defaultStrategy() {
        return settings.defaultStrategy();
    }

    @Override
    public void setDefaultStrategy(String name) {
        String trimmed = name == null ? "" : name.trim();
        if (!strategies.isKnown(trimmed)) {
            throw PoolManagerException.unknownStrategy(trimmed, strategies.names());
        }
        if (trimmed.equals(settings.defaultStrategy())) {
            writer.write("pool_routing_strategy", trimmed);
            return;
        }
        // The configuration is the one source of truth: setting the field here as well would race with a delivery
        // of an older configuration still on its way, which would then undo this change.
        if (!writer.write("pool_routing_strategy", trimmed)
                || !awaitSettings(s -> trimmed.equals(s.defaultStrategy()), SETTINGS_DELIVERY_MILLIS)) {
            settings = settings.withDefaultStrategy(trimmed);
        }
    }

    /** @return whether the settings met the condition within the time (ConfigAdmin delivers changes on its thread) */
    private boolean awaitSettings(Predicate<Settings> condition, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (settingsDelivered) {
            while (!condition.test(settings)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("The manager's configuration change was not delivered within {} ms; applying it directly",
                            timeoutMillis);
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(settingsDelivered, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public Set<String> strategies() {
        return strategies.names();
    }

    @Override
    public Set<String> poolTypes() {
        return providers.types();
    }

    @Override
    public RoutingStats routingStats() {
        Map<String, Map<String, Long>> decisions = new LinkedHashMap<>();
        counters.decisions().forEach((key, n) -> {
            int slash = key.indexOf('/');
            decisions.computeIfAbsent(key.substring(0, slash), k -> new LinkedHashMap<>())
                    .put(key.substring(slash + 1), n);
        });
        return new RoutingStats(decisions, counters.rejectedCount(), quotas.limited(), budget.granted(),
                budget.denied(), ejectedPools(), events.fanout().dropped());
    }

    /** Waits until pools of newly arrived pool types are restored; for tests and diagnostics. */
    void awaitRestores() throws Exception {
        lifecycle.awaitRestores(30_000);
    }

    /** Runs one auto-scaling round now; for tests. */
    void autoscaleNow() throws Exception {
        autoscaler.tickNow();
    }

    /** @return caller kind → requests refused for its quota */
    Map<String, Long> rateLimited() {
        return quotas.limited();
    }

    /** @return ids of the pools ejected from routing now */
    List<String> ejectedPools() {
        List<String> ids = new ArrayList<>(health.ejected());
        ids.addAll(federation.ejected());
        return ids;
    }

    /** @return retries granted and denied by the retry budget */
    long[] retryCounts() {
        return new long[] {budget.granted(), budget.denied()};
    }

    /** @return routing decisions by {@code strategy/reason} */
    Map<String, Long> routingDecisions() {
        return counters.decisions();
    }

    /** @return bus events that could not be published (bus refused them) */
    long eventFailures() {
        return events.failures();
    }
}
