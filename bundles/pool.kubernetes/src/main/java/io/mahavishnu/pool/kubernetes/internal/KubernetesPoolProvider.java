package io.mahavishnu.pool.kubernetes.internal;

import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.PoolContext;
import io.mahavishnu.api.pool.PoolProvider;
import io.mahavishnu.api.pool.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pool type {@code kubernetes}: pools whose tasks run as Kubernetes Jobs. Its configuration holds the defaults of
 * every pool; a pool's {@code extra_config} overrides them key by key (validated when the pool is created, errors
 * name {@code extra_config.<key>}).
 *
 * <p>A configuration change applies to the tasks that start afterwards (image, command, resources, labels, …);
 * the connection of a running pool (namespace, kubeconfig, API rate) stays as it started. On deactivation every
 * pool it created that still runs is stopped, which deletes its Jobs.
 */
@Component(service = PoolProvider.class, property = PoolProvider.POOL_TYPE + "=" + KubernetesPoolProvider.POOL_TYPE,
        configurationPid = KubernetesPoolProvider.PID)
@Designate(ocd = KubernetesPoolConfig.class)
public class KubernetesPoolProvider implements PoolProvider {

    /** Configuration PID. */
    static final String PID = "io.mahavishnu.pool.kubernetes";
    /** The pool type this bundle provides. */
    static final String POOL_TYPE = "kubernetes";

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesPoolProvider.class);
    private static final long STOP_WAIT_MILLIS = 30_000;

    private volatile Map<String, String> defaults;
    private final KubernetesPool.Connector connector;
    private final LongConsumer onRequest;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Set<KubernetesPool> pools = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * DS constructor.
     *
     * @param config the defaults
     * @throws ValidationException naming the first bad setting
     */
    @Activate
    public KubernetesPoolProvider(KubernetesPoolConfig config) {
        this(KubernetesSettings.toMap(config), KubeClients::connect, t -> { });
    }

    /**
     * @param defaults  the pool type's settings by key
     * @param connector opens a pool's API connection
     * @param onRequest told the time of every API request of every pool
     */
    KubernetesPoolProvider(Map<String, String> defaults, KubernetesPool.Connector connector, LongConsumer onRequest) {
        KubernetesSettings.of(defaults, Map.of()); // fail activation on a bad setting, naming it
        this.defaults = Map.copyOf(defaults);
        this.connector = connector;
        this.onRequest = onRequest;
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mahavishnu-k8s-timer");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Modified
    void modified(KubernetesPoolConfig config) {
        Map<String, String> updated = KubernetesSettings.toMap(config);
        KubernetesSettings.of(updated, Map.of());
        defaults = Map.copyOf(updated);
        for (KubernetesPool p : pools) {
            try {
                p.settings(KubernetesSettings.of(updated, p.config().extraConfig()));
            } catch (ValidationException e) {
                LOG.warn("Pool {} keeps its settings: with the new defaults {}", p.id(), e.getMessage());
            }
        }
        LOG.info("Kubernetes pool settings changed; they apply to tasks started from now on");
    }

    /** Stops every pool still running (deleting their Jobs), then the timer thread. */
    @Deactivate
    void deactivate() {
        closed = true;
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (KubernetesPool p : pools) {
            stops.add(p.stop().toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(STOP_WAIT_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Not every kubernetes pool stopped cleanly: {}", e.toString());
        }
        pools.clear();
        scheduler.shutdownNow();
    }

    @Override
    public BasePool create(PoolContext context) {
        if (closed) {
            throw new IllegalStateException("pool type " + POOL_TYPE + " is shutting down");
        }
        KubernetesSettings settings = KubernetesSettings.of(defaults, context.config().extraConfig());
        List<String> unknown = KubernetesSettings.unknownKeys(context.config().extraConfig());
        if (!unknown.isEmpty()) {
            LOG.warn("Pool {}: extra_config {} {} no setting of pool type kubernetes (a typo?); its settings are: {}",
                    context.poolId(), unknown, unknown.size() == 1 ? "is" : "are",
                    String.join(", ", KubernetesSettings.KEYS));
        }
        KubernetesPool pool = new KubernetesPool(context, settings, connector, scheduler, onRequest, pools::remove);
        pools.add(pool);
        return pool;
    }

    @Override
    public String description() {
        return "Kubernetes Jobs: every task runs as one Job (argv command, or the runner command with the prompt), "
                + "at most max_workers at once, followed by a watch";
    }
}
