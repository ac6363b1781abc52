package io.mahavishnu.memory.internal;

import io.mahavishnu.api.manager.PoolEvent;
import io.mahavishnu.api.manager.PoolEventListener;
import io.mahavishnu.api.memory.MemoryAggregator;
import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.memory.MemorySink;
import io.mahavishnu.api.memory.MemoryStats;
import io.mahavishnu.api.memory.ParkedItem;
import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MemoryAggregator}: tracks every running pool (its {@link BasePool} service), collects its memory into the
 * {@link Outbox} every {@code memory_sync_interval} seconds, shortly after a task ends and when the pool goes away,
 * and delivers the outbox to each {@link MemorySink} on that sink's own {@link SinkLane}. Search goes to Session-Buddy
 * when it is reachable and to the outbox otherwise ({@link Searcher}).
 *
 * <p>A configuration change restarts the component (the outbox is closed and reopened; nothing is lost).
 */
@Component(service = {MemoryAggregator.class, PoolEventListener.class}, configurationPid = MemorySettings.PID,
        immediate = true)
@Designate(ocd = MemoryConfig.class)
public class MemoryAggregatorComponent implements MemoryAggregator, PoolEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryAggregatorComponent.class);
    private static final long LANE_STOP_MILLIS = 5000;

    private final MemorySettings settings;
    private final Outbox outbox;
    private final Collector collector;
    private final Searcher searcher;
    /** The sinks this bundle ships. */
    private static final Set<String> BUILT_IN = Set.of(SessionBuddySink.NAME, AkoshaSink.NAME);
    private final Map<String, SinkLane> lanes = new ConcurrentHashMap<>();
    private final Map<String, ConversationSearch> searches = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicBoolean collectScheduled = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * DS constructor.
     *
     * @throws ValidationException naming a bad setting
     * @throws IllegalStateException if the outbox file cannot be opened
     */
    @Activate
    public MemoryAggregatorComponent(MemoryConfig config, BundleContext context) {
        this(settingsOf(config), settingsOf(config).outboxFile(context.getProperty("mahavishnu.home"),
                context.getDataFile("outbox.mv.db").toPath()));
    }

    MemoryAggregatorComponent(MemorySettings settings, java.nio.file.Path outboxFile) {
        this.settings = settings;
        this.outbox = Outbox.open(outboxFile);
        this.collector = new Collector(outbox, this::sinkNames, () -> this.settings, System::currentTimeMillis,
                () -> lanes.values().forEach(l -> l.wake(false)));
        this.searcher = new Searcher(outbox, this::remoteSearch, () -> this.settings);
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mahavishnu-memory-sync");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        for (String sink : settings.sinks()) {
            lane(sink);
        }
        for (String sink : outbox.sinks()) {
            lane(sink);
        }
        if (settings.enabled()) {
            long every = settings.syncInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::periodicSync, every, every, TimeUnit.MILLISECONDS);
            LOG.info("Memory aggregation: outbox {} ({} items), sync every {} s, sinks {}",
                    outboxFile, outbox.size(), settings.syncInterval().toSeconds(), lanes.keySet());
        } else {
            LOG.info("Memory aggregation is disabled (memory_aggregation_enabled=false)");
        }
    }

    private static MemorySettings settingsOf(MemoryConfig config) {
        try {
            return MemorySettings.of(config);
        } catch (ValidationException e) {
            LOG.error("Memory aggregation not started: invalid setting in etc/{}.cfg: {}", MemorySettings.PID,
                    e.getMessage());
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        closed = true;
        scheduler.shutdownNow();
        if (settings.enabled()) {
            collector.collectAll(); // what the pools hold now is safe in the outbox before they stop
        }
        lanes.values().forEach(l -> l.stop(LANE_STOP_MILLIS));
        outbox.close();
    }

    // --- pools, sinks and remote search (dynamic references) --------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPool(BasePool pool, Map<String, Object> props) {
        collector.add(String.valueOf(props.get(BasePool.POOL_ID)), pool);
    }

    void unbindPool(BasePool pool, Map<String, Object> props) {
        if (!closed && settings.enabled()) {
            collector.remove(String.valueOf(props.get(BasePool.POOL_ID)), pool);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSink(MemorySink sink, Map<String, Object> props) {
        Object name = props.get(MemorySink.SINK);
        if (name == null) {
            LOG.warn("A MemorySink service without the {} property is ignored", MemorySink.SINK);
            return;
        }
        Object batch = props.get(MemorySink.BATCH);
        int size = batch instanceof Number n ? n.intValue() : settings.batchSize();
        lane(name.toString()).sink(sink, size);
    }

    void unbindSink(MemorySink sink, Map<String, Object> props) {
        Object name = props.get(MemorySink.SINK);
        SinkLane lane = name == null ? null : lanes.get(name.toString());
        if (lane != null) {
            lane.sink(null, 1);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSearch(ConversationSearch search, Map<String, Object> props) {
        searches.put(String.valueOf(props.get(MemorySink.SINK)), search);
    }

    void unbindSearch(ConversationSearch search, Map<String, Object> props) {
        searches.remove(String.valueOf(props.get(MemorySink.SINK)), search);
    }

    private SinkLane lane(String name) {
        return lanes.computeIfAbsent(name, n -> {
            SinkLane lane = new SinkLane(n, outbox, () -> settings, System::currentTimeMillis);
            if (settings.enabled()) {
                lane.start();
            }
            return lane;
        });
    }

    /**
     * The sinks a newly collected item is pending for: those named in {@code sinks}, and every other deployed sink
     * except the two built into this bundle (always deployed, so they only take items when named).
     */
    private Collection<String> sinkNames() {
        Set<String> out = new LinkedHashSet<>(settings.sinks());
        lanes.values().stream().filter(SinkLane::available).filter(l -> !BUILT_IN.contains(l.name()))
                .forEach(l -> out.add(l.name()));
        return out;
    }

    private Searcher.Remote remoteSearch() {
        for (Map.Entry<String, ConversationSearch> e : searches.entrySet()) {
            SinkLane lane = lanes.get(e.getKey());
            boolean open = lane != null && CircuitBreaker.State.OPEN.wire.equals(lane.breakerState());
            return new Searcher.Remote(e.getValue(), !open);
        }
        return null;
    }

    // --- sync ------------------------------------------------------------------------------------------------

    @Override
    public void onEvent(PoolEvent event) {
        if (PoolEvent.TASK_COMPLETED.equals(event.type()) && settings.enabled() && !closed
                && collectScheduled.compareAndSet(false, true)) {
            try {
                scheduler.schedule(() -> {
                    collectScheduled.set(false);
                    collector.collectAll();
                }, settings.collectDelay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                collectScheduled.set(false);
            }
        }
    }

    private void periodicSync() {
        try {
            collector.collectAll();
            lanes.values().forEach(l -> l.wake(false));
            prune();
        } catch (RuntimeException e) {
            LOG.error("Memory sync failed: {}", e.toString(), e);
        }
    }

    private void prune() {
        long cutoff = System.currentTimeMillis() - settings.retention().toMillis();
        int removed = outbox.prune(cutoff, settings.retentionItems());
        if (removed > 0) {
            LOG.debug("Memory outbox: {} delivered items past retention removed", removed);
        }
    }

    @Override
    public CompletionStage<SyncReport> collectAndSync() {
        if (!settings.enabled()) {
            return CompletableFuture.failedFuture(new IllegalStateException("memory aggregation is disabled "
                    + "(memory_aggregation_enabled=false in etc/" + MemorySettings.PID + ".cfg)"));
        }
        CompletableFuture<Integer> collected;
        try {
            collected = CompletableFuture.supplyAsync(collector::collectAll, scheduler);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("memory aggregation is stopping"));
        }
        return collected.thenCompose(n -> {
            List<CompletableFuture<Integer>> passes = new ArrayList<>();
            lanes.values().stream().filter(SinkLane::available).forEach(l -> passes.add(l.pass()));
            return CompletableFuture.allOf(passes.toArray(CompletableFuture[]::new)).thenApply(v -> {
                int delivered = passes.stream().mapToInt(CompletableFuture::join).sum();
                return new SyncReport(collector.pools(), n, delivered, Instant.now());
            });
        });
    }

    // --- search, stats, parked -------------------------------------------------------------------------------

    @Override
    public CompletionStage<List<MemoryItem>> search(String query, int limit, Set<String> poolIds) {
        ValidationException.requireBetween("limit", limit, 1, 1000);
        return searcher.search(query, limit, poolIds == null ? Set.of() : Set.copyOf(poolIds));
    }

    @Override
    public MemoryStats stats(Set<String> poolIds) {
        Set<String> pools = poolIds == null ? Set.of() : Set.copyOf(poolIds);
        Map<String, MemoryStats.SinkStats> sinks = new LinkedHashMap<>();
        for (SinkLane lane : new TreeMap<>(lanes).values()) {
            Outbox.Counts c = outbox.counts(lane.name(), pools);
            sinks.put(lane.name(), new MemoryStats.SinkStats(lane.name(), c.pending(), c.delivered(), c.parked(),
                    lane.available(), lane.breakerState(), lane.lastError()));
        }
        return new MemoryStats(outbox.size(), collector.lastSync(), sinks);
    }

    @Override
    public List<ParkedItem> parked(String sink, int limit) {
        List<ParkedItem> out = new ArrayList<>();
        for (Outbox.Parked p : outbox.parked(knownSink(sink), limit)) {
            out.add(new ParkedItem(p.item(), sink, p.attempts(), p.error(), Instant.ofEpochMilli(p.parkedAt())));
        }
        return out;
    }

    @Override
    public int retryParked(String sink) {
        int n = outbox.retryParked(knownSink(sink));
        if (n > 0) {
            LOG.info("Memory sink {}: {} parked items will be delivered again", sink, n);
            lanes.get(sink).wake(true);
        }
        return n;
    }

    private String knownSink(String sink) {
        if (sink == null || !lanes.containsKey(sink)) {
            throw new ValidationException("sink", sink, "must be one of: " + String.join(", ", new TreeMap<>(lanes)
                    .keySet()));
        }
        return sink;
    }

    /** @return whether an item was delivered to a sink (for diagnostics and tests) */
    boolean isDelivered(String sink, String itemId) {
        return outbox.isDelivered(sink, itemId);
    }
}
