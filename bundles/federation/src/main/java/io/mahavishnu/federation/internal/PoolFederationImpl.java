package io.mahavishnu.federation.internal;

import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.manager.PoolFederation;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.RemotePool;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.trace.CallTracer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.osgi.service.component.ComponentServiceObjects;
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
 * The {@link PoolFederation} service: runtimes that share a bus transport (Redis) announce their pools to each other
 * with heartbeats and run each other's tasks, so every runtime's pool manager can list and route to all pools. No
 * other infrastructure is involved: the runtime id is the one the shared transport uses
 * ({@link MessageBus#runtimeId()}), which stays the same across restarts.
 *
 * <p>While the bus runs on a transport of this runtime alone (the default {@code local} one) there are no other
 * runtimes: no pools are announced and none are listed. When the transport changes, a new {@link Session} starts.
 */
@Component(service = PoolFederation.class, configurationPid = PoolFederationImpl.PID, immediate = true)
@Designate(ocd = FederationConfig.class)
public class PoolFederationImpl implements PoolFederation {

    /** Configuration PID. */
    public static final String PID = "io.mahavishnu.federation";
    /** Runtime id reported while the bus is not shared with other runtimes. */
    static final String UNSHARED = "local";

    private static final Logger LOG = LoggerFactory.getLogger(PoolFederationImpl.class);

    private final MessageBus bus;
    private final Supplier<PoolManager> manager;
    private final ScheduledExecutorService scheduler;
    private volatile FederationSettings settings;
    private volatile CallTracer tracer;
    /** The current session; null while the bus is unshared. Replaced only on the scheduler thread. */
    private volatile Session session;
    private ScheduledFuture<?> ticker;

    /**
     * DS constructor.
     *
     * @param bus     the message bus (shared with other runtimes through its transport)
     * @param manager this runtime's pools, taken when first needed: the manager itself binds this service while
     *                it activates, so taking it here would be a circular activation
     * @param config  settings
     */
    @Activate
    public PoolFederationImpl(@Reference MessageBus bus, @Reference ComponentServiceObjects<PoolManager> manager,
                              FederationConfig config) {
        this(bus, lazy(manager), FederationSettings.of(config));
    }

    PoolFederationImpl(MessageBus bus, PoolManager manager, FederationSettings settings) {
        this(bus, () -> manager, settings);
    }

    private PoolFederationImpl(MessageBus bus, Supplier<PoolManager> manager, FederationSettings settings) {
        this.bus = bus;
        this.manager = manager;
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "mahavishnu-federation-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        schedule();
    }

    @Modified
    void modified(FederationConfig config) {
        FederationSettings previous = settings;
        settings = FederationSettings.of(config);
        if (!previous.heartbeatInterval().equals(settings.heartbeatInterval())) {
            synchronized (this) {
                ticker.cancel(false);
                schedule();
            }
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            ticker.cancel(false);
        }
        try {
            scheduler.submit(() -> replace(null, "the federation of this runtime stopped")).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Pool federation did not stop cleanly: {}", e.toString());
        }
        scheduler.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCallTracer(CallTracer t) {
        tracer = t;
    }

    void unbindCallTracer(CallTracer t) {
        if (tracer == t) {
            tracer = null;
        }
    }

    private synchronized void schedule() {
        long every = settings.heartbeatInterval().toMillis();
        // the first beat soon, but not while the component is still being activated
        ticker = scheduler.scheduleWithFixedDelay(this::tick, Math.min(every, 200), every, TimeUnit.MILLISECONDS);
    }

    private static Supplier<PoolManager> lazy(ComponentServiceObjects<PoolManager> objects) {
        AtomicReference<PoolManager> taken = new AtomicReference<>();
        return () -> taken.updateAndGet(m -> m != null ? m : objects.getService());
    }

    /** Follows the bus's transport (a new session when its runtime id changes), then beats. */
    private void tick() {
        try {
            Optional<String> id = bus.runtimeId();
            Session s = session;
            if (s == null ? id.isPresent() : !id.equals(Optional.of(s.runtimeId()))) {
                s = replace(id.orElse(null), "the bus transport changed");
            } else if (s != null) {
                s.tick();
            }
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // a scheduled task that throws is never run again: log and keep beating
            LOG.error("Pool federation heartbeat failed", e);
        }
    }

    private Session replace(String runtimeId, String reason) {
        Session old = session;
        if (old != null) {
            old.close(reason);
        }
        Session next = runtimeId == null ? null
                : new Session(runtimeId, bus, manager, scheduler, () -> settings, () -> tracer);
        session = next;
        if (next != null) {
            next.start();
        } else if (old != null) {
            LOG.info("Pool federation stopped: {}", reason);
        }
        return next;
    }

    @Override
    public String runtimeId() {
        Session s = session;
        return s == null ? bus.runtimeId().orElse(UNSHARED) : s.runtimeId();
    }

    @Override
    public List<RemotePool> remotePools() {
        Session s = session;
        return s == null ? List.of() : s.table().pools();
    }

    @Override
    public CompletionStage<TaskResult> delegate(RemotePool pool, Task task) {
        Session s = session;
        if (s == null) {
            return CompletableFuture.completedFuture(new TaskResult(task.id(), pool.poolId(), null, TaskStatus.FAILED,
                    null, "this runtime's bus is not shared with runtime " + pool.runtimeId() + " any more",
                    Duration.ZERO, false, null, null, Map.of(Protocol.RUNTIME_ID, pool.runtimeId(),
                            Protocol.ATTEMPTED, false)));
        }
        return s.delegations().delegate(pool, task);
    }

    /** @return the current session, for tests */
    Session session() {
        return session;
    }
}
