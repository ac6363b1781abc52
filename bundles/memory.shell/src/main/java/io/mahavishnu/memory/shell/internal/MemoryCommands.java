package io.mahavishnu.memory.shell.internal;

import io.mahavishnu.api.memory.MemoryAggregator;
import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.memory.MemoryStats;
import io.mahavishnu.api.memory.ParkedItem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands of scope {@code memory}: {@code stats}, {@code sync}, {@code search}, {@code parked},
 * {@code retry}. Each returns text; a failure is thrown as a {@link MemoryCommandException}, which the console prints
 * as one line starting with "Error:" and which makes a one-shot command exit with a non-zero status.
 */
@Component(service = MemoryCommands.class, property = {"osgi.command.scope=memory",
        "osgi.command.function=stats", "osgi.command.function=sync", "osgi.command.function=search",
        "osgi.command.function=parked", "osgi.command.function=retry"})
public class MemoryCommands {

    private static final long WAIT_SECONDS = 120;
    private final MemoryAggregator memory;

    /** DS constructor. */
    @Activate
    public MemoryCommands(@Reference MemoryAggregator memory) {
        this.memory = memory;
    }

    /** @return outbox size and, per sink, pending, delivered and parked items and the breaker state */
    public String stats() {
        MemoryStats s = memory.stats(Set.of());
        StringBuilder out = new StringBuilder("Memory outbox: ").append(s.items()).append(" items, last sync ")
                .append(s.lastSync() == null ? "never" : s.lastSync().toString()).append('\n');
        out.append(String.format("%-16s %9s %10s %7s %-10s %s%n", "SINK", "PENDING", "DELIVERED", "PARKED", "BREAKER",
                "LAST ERROR"));
        for (MemoryStats.SinkStats k : s.sinks().values()) {
            out.append(String.format("%-16s %9d %10d %7d %-10s %s%n", k.sink() + (k.available() ? "" : " (absent)"),
                    k.pending(), k.delivered(), k.parked(), k.breaker(), k.lastError() == null ? "" : k.lastError()));
        }
        return out.toString();
    }

    /** @return collects every pool now and delivers what is due (probing paused sinks) */
    public String sync() throws Exception {
        MemoryAggregator.SyncReport r;
        try {
            r = memory.collectAndSync().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new MemoryCommandException("memory sync failed: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage());
        }
        return "Collected " + r.itemsCollected() + " new items from " + r.poolsSynced() + " pools; "
                + r.itemsDelivered() + " deliveries confirmed\n" + stats();
    }

    /** @return up to 20 hits for the query across all pools */
    public String search(String query) throws Exception {
        return search(query, 20);
    }

    /** @return up to {@code limit} hits, only from the given pools when some are named */
    public String search(String query, int limit, String... poolIds) throws Exception {
        Set<String> pools = new LinkedHashSet<>(List.of(poolIds));
        List<MemoryItem> hits;
        try {
            hits = memory.search(query, limit, pools).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new MemoryCommandException(e.getMessage());
        }
        StringBuilder out = new StringBuilder().append(hits.size()).append(" hits\n");
        for (MemoryItem h : hits) {
            out.append(h.poolId()).append("  ").append(h.id()).append("  [").append(h.metadata().get("source"))
                    .append("]  ").append(oneLine(h.content())).append('\n');
        }
        return out.toString();
    }

    /** @return the oldest 50 parked items of a sink */
    public String parked(String sink) {
        return parked(sink, 50);
    }

    /** @return the oldest {@code limit} parked items of a sink */
    public String parked(String sink, int limit) {
        List<ParkedItem> items;
        try {
            items = memory.parked(sink, limit);
        } catch (IllegalArgumentException e) {
            throw new MemoryCommandException(e.getMessage());
        }
        StringBuilder out = new StringBuilder().append(items.size()).append(" parked items for ").append(sink)
                .append('\n');
        for (ParkedItem p : items) {
            out.append(p.item().id()).append("  pool ").append(p.item().poolId()).append("  attempts ")
                    .append(p.attempts()).append("  parked ").append(p.parkedAt()).append("  ").append(p.lastError())
                    .append('\n');
        }
        return out.toString();
    }

    /** @return moves a sink's parked items back to delivery */
    public String retry(String sink) {
        try {
            return memory.retryParked(sink) + " parked items of " + sink + " will be delivered again";
        } catch (IllegalArgumentException e) {
            throw new MemoryCommandException(e.getMessage());
        }
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return t.length() > 100 ? t.substring(0, 100) + "..." : t;
    }
}
