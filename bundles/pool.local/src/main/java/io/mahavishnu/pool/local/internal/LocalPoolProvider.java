package io.mahavishnu.pool.local.internal;

import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.PoolContext;
import io.mahavishnu.api.pool.PoolProvider;
import io.mahavishnu.api.pool.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pool type {@code mahavishnu}: local pools whose workers run AI command lines ({@code terminal-claude},
 * {@code terminal-qwen}), allowlisted commands ({@code process}) or nothing ({@code noop}).
 *
 * <p>Owns the threads every pool shares: cached daemon threads {@code mahavishnu-local-io-N} for process I/O and
 * task continuations, and one scheduler thread for timeouts, delays and kill grace periods. On deactivation it
 * stops every pool it created that still runs, then shuts them down.
 *
 * <p>A configuration change applies at once, also to existing pools: tasks that start afterwards use the new
 * commands, arguments, allowlist, output cap and kill grace; tasks submitted afterwards the new queue bound and
 * aging interval; memory items recorded afterwards the new retention. Running and waiting tasks keep what they
 * started or queued with.
 */
@Component(service = PoolProvider.class, property = PoolProvider.POOL_TYPE + "=" + LocalPoolProvider.POOL_TYPE,
        configurationPid = LocalPoolProvider.PID)
@Designate(ocd = LocalPoolConfig.class)
public class LocalPoolProvider implements PoolProvider {

    /** Configuration PID. */
    static final String PID = "io.mahavishnu.pool.local";
    /** Where operators change the settings; named in error messages. */
    static final String CFG_FILE = "etc/" + PID + ".cfg";
    /** The pool type this bundle provides. */
    static final String POOL_TYPE = "mahavishnu";

    private static final Logger LOG = LoggerFactory.getLogger(LocalPoolProvider.class);
    private static final long STOP_WAIT_EXTRA_MILLIS = 10_000;

    private volatile LocalPoolSettings settings;
    private final LongSupplier clock;
    private final ThreadPoolExecutor io;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<String, Runner> runners = new TreeMap<>();
    private final Set<LocalPool> pools = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * DS constructor.
     *
     * @param config the settings
     * @throws ValidationException naming the first bad setting
     */
    @Activate
    public LocalPoolProvider(LocalPoolConfig config) {
        this(LocalPoolSettings.of(config), System::nanoTime);
    }

    /**
     * @param settings validated settings
     * @param clock    orders the wait queues; {@code System::nanoTime} outside tests
     */
    LocalPoolProvider(LocalPoolSettings settings, LongSupplier clock) {
        this.settings = settings;
        this.clock = clock;
        this.io = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads("mahavishnu-local-io-"));
        this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("mahavishnu-local-timer-"));
        scheduler.setRemoveOnCancelPolicy(true);
        ProcessRunner processes = new ProcessRunner(io, scheduler);
        runners.put("noop", new NoopRunner(scheduler));
        runners.put("process", new CommandRunner(processes));
        runners.put("terminal-claude", new CliRunner(processes, "claude"));
        runners.put("terminal-qwen", new CliRunner(processes, "qwen"));
    }

    @Modified
    void modified(LocalPoolConfig config) {
        this.settings = LocalPoolSettings.of(config);
        LOG.info("Local pool settings changed; they apply to tasks started from now on");
    }

    /** Stops every pool still running (waiting at most for their kill grace plus 10 s), then the threads. */
    @Deactivate
    void deactivate() {
        closed = true;
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (LocalPool p : pools) {
            stops.add(p.stop().toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(settings.killGrace().toMillis() + STOP_WAIT_EXTRA_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Not every local pool stopped cleanly: {}", e.toString());
        }
        pools.clear();
        scheduler.shutdownNow();
        io.shutdownNow();
    }

    @Override
    public BasePool create(PoolContext context) {
        if (closed) {
            throw new IllegalStateException("pool type " + POOL_TYPE + " is shutting down");
        }
        String type = context.config().workerType();
        Runner runner = runners.get(type);
        if (runner == null) {
            throw new ValidationException("worker_type", type,
                    "must be one of: " + String.join(", ", runners.keySet()));
        }
        LocalPool pool = new LocalPool(context, runner, () -> settings, scheduler, io, clock, pools::remove);
        pools.add(pool);
        return pool;
    }

    @Override
    public Set<String> workerTypes() {
        return Set.copyOf(runners.keySet());
    }

    @Override
    public String description() {
        return "Local workers: AI command lines (terminal-claude, terminal-qwen), allowlisted commands (process) "
                + "or noop, run as subprocesses of this runtime";
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
