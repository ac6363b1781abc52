package io.mahavishnu.memory.internal;

import io.mahavishnu.api.memory.MemoryItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The durable memory outbox: an H2 MVStore file. Every change is one commit, written and synced to disk before the
 * method returns, so an item the outbox accepted survives a crash (kill -9 included) and its delivery state never
 * goes backwards except to "not yet delivered" (which only causes a re-send the receiver drops by id).
 *
 * <p>Maps: {@code items} (seq → collection time and item JSON), {@code ids} (item id → seq, so a pool's item is
 * taken once), {@code cursors} (pool id → collection cursor, written in the same commit as the items it covers),
 * {@code counters} (delivered counts), and per sink {@code pending.<sink>} (seq → {@link Pending}),
 * {@code delivered.<sink>} (seq → time) and {@code parked.<sink>} (seq → attempts, time, error).
 * All methods are synchronized on {@code this}.
 */
final class Outbox implements AutoCloseable {

    private static final String PENDING = "pending.";
    private static final String DELIVERED = "delivered.";
    private static final String PARKED = "parked.";

    /** A pending item of a sink. */
    record Entry(long seq, MemoryItem item, Pending state) {
    }

    /** A parked item of a sink. */
    record Parked(long seq, MemoryItem item, int attempts, long parkedAt, String error) {
    }

    /** Figures of one sink. */
    record Counts(long pending, long delivered, long parked) {
    }

    private final MVStore store;
    private final MVMap<Long, String> items;
    private final MVMap<String, Long> ids;
    private final MVMap<String, String> cursors;
    private final MVMap<String, Long> counters;
    private long nextSeq;

    private Outbox(MVStore store) {
        this.store = store;
        this.items = store.openMap("items");
        this.ids = store.openMap("ids");
        this.cursors = store.openMap("cursors");
        this.counters = store.openMap("counters");
        Long last = items.lastKey();
        this.nextSeq = Math.max(last == null ? 0 : last, counters.getOrDefault("seq", 0L)) + 1;
    }

    /**
     * Opens (or creates) the outbox file.
     *
     * @param file the MVStore file
     * @return the outbox
     * @throws IllegalStateException if it cannot be opened (e.g. another runtime holds it), saying which file
     */
    static Outbox open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new Outbox(new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open());
        } catch (Exception e) {
            throw new IllegalStateException("memory outbox " + file + " cannot be opened: " + e.getMessage()
                    + " (is another runtime using this data folder?)", e);
        }
    }

    private void commit() {
        store.commit();
        store.sync();
    }

    /** @return the collection cursor of a pool, null if none yet */
    synchronized String cursor(String poolId) {
        return cursors.get(poolId);
    }

    /**
     * Stores newly collected items and the pool's new cursor in one commit. Items whose id is already in the outbox
     * are skipped.
     *
     * @param poolId the pool
     * @param batch  its new items, oldest first
     * @param cursor the cursor after them
     * @param sinks  the sinks each new item is pending for
     * @param now    collection time, epoch millis
     * @return the items added
     */
    synchronized List<MemoryItem> append(String poolId, List<MemoryItem> batch, String cursor, Collection<String> sinks,
                                         long now) {
        List<MemoryItem> added = new ArrayList<>();
        for (MemoryItem item : batch) {
            if (ids.containsKey(item.id())) {
                continue;
            }
            long seq = nextSeq++;
            items.put(seq, now + "|" + ItemCodec.encode(item));
            ids.put(item.id(), seq);
            for (String sink : sinks) {
                pending(sink).put(seq, Pending.FRESH.encode());
            }
            added.add(item);
        }
        if (cursor != null) {
            cursors.put(poolId, cursor);
        }
        counters.put("seq", nextSeq - 1);
        commit();
        return added;
    }

    /** Forgets a pool's cursor (the pool did not accept it); the next collection starts from its oldest item. */
    synchronized void resetCursor(String poolId) {
        cursors.remove(poolId);
        commit();
    }

    /**
     * The next items to deliver to a sink, in collection order: either one item that failed before (retried alone, so
     * a failing item does not make others fail), or up to {@code limit} items never tried.
     *
     * @param probe the sink was unavailable and this is the attempt that finds out whether it is back: items whose
     *              retry time has not come count too, and items never tried go first (one that failed before may
     *              fail for a reason of its own, and would keep the sink paused with everything else behind it)
     */
    synchronized List<Entry> due(String sink, long now, int limit, boolean probe) {
        List<Entry> out = new ArrayList<>();
        Entry triedBefore = null;
        for (Map.Entry<Long, String> e : pending(sink).entrySet()) {
            Pending p = Pending.decode(e.getValue());
            if (!probe && p.nextAt() > now) {
                continue;
            }
            if (p.attempts() > 0) {
                if (!probe) {
                    if (out.isEmpty()) {
                        out.add(entry(e.getKey(), p));
                    }
                    break;
                }
                if (triedBefore == null) {
                    triedBefore = entry(e.getKey(), p);
                }
                continue;
            }
            out.add(entry(e.getKey(), p));
            if (out.size() >= limit) {
                break;
            }
        }
        if (out.isEmpty() && triedBefore != null) {
            out.add(triedBefore);
        }
        return out;
    }

    private Entry entry(long seq, Pending p) {
        return new Entry(seq, item(seq), p);
    }

    private MemoryItem item(long seq) {
        String v = items.get(seq);
        return ItemCodec.decode(v.substring(v.indexOf('|') + 1));
    }

    /** @return the earliest retry time of a sink's pending items, {@code Long.MAX_VALUE} if none is pending */
    synchronized long nextDue(String sink) {
        long min = Long.MAX_VALUE;
        for (String v : pending(sink).values()) {
            min = Math.min(min, Pending.decode(v).nextAt());
            if (min == 0) {
                break;
            }
        }
        return min;
    }

    /** Marks items delivered to a sink. */
    synchronized void delivered(String sink, List<Entry> entries, long now) {
        MVMap<Long, String> pending = pending(sink);
        MVMap<Long, Long> delivered = store.openMap(DELIVERED + sink);
        for (Entry e : entries) {
            if (pending.remove(e.seq()) != null) {
                delivered.put(e.seq(), now);
                counters.merge(DELIVERED + sink, 1L, Long::sum);
                counters.merge(DELIVERED + sink + "|" + e.item().poolId(), 1L, Long::sum);
            }
        }
        commit();
    }

    /**
     * Records a failed attempt; parks the item once it has {@code maxStrikes} strikes.
     *
     * @return true if the item was parked
     */
    synchronized boolean failed(String sink, Entry entry, long now, long retryAt, boolean strike, String error,
                                int maxStrikes) {
        MVMap<Long, String> pending = pending(sink);
        String current = pending.get(entry.seq());
        if (current == null) {
            return false;
        }
        Pending p = Pending.decode(current).failed(now, retryAt, strike, error);
        boolean park = p.strikes() >= maxStrikes;
        if (park) {
            pending.remove(entry.seq());
            store.<Long, String>openMap(PARKED + sink).put(entry.seq(), p.attempts() + "|" + now + "|" + p.lastError());
        } else {
            pending.put(entry.seq(), p.encode());
        }
        commit();
        return park;
    }

    /** Makes every pending item of a sink due now (the sink is reachable again). */
    synchronized void releaseBackoff(String sink) {
        MVMap<Long, String> pending = pending(sink);
        boolean changed = false;
        for (Map.Entry<Long, String> e : pending.entrySet()) {
            Pending p = Pending.decode(e.getValue());
            if (p.nextAt() != 0) {
                pending.put(e.getKey(), p.dueNow().encode());
                changed = true;
            }
        }
        if (changed) {
            commit();
        }
    }

    /** @return a sink's parked items, oldest first */
    synchronized List<Parked> parked(String sink, int limit) {
        List<Parked> out = new ArrayList<>();
        if (!store.hasMap(PARKED + sink)) {
            return out;
        }
        for (Map.Entry<Long, String> e : store.<Long, String>openMap(PARKED + sink).entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            String[] p = e.getValue().split("\\|", 3);
            out.add(new Parked(e.getKey(), item(e.getKey()), Integer.parseInt(p[0]), Long.parseLong(p[1]),
                    p.length > 2 ? p[2] : ""));
        }
        return out;
    }

    /** Moves a sink's parked items back to pending as never tried. @return how many */
    synchronized int retryParked(String sink) {
        if (!store.hasMap(PARKED + sink)) {
            return 0;
        }
        MVMap<Long, String> parked = store.openMap(PARKED + sink);
        MVMap<Long, String> pending = pending(sink);
        int n = 0;
        for (Long seq : new ArrayList<>(parked.keySet())) {
            parked.remove(seq);
            pending.put(seq, Pending.FRESH.encode());
            n++;
        }
        commit();
        return n;
    }

    /**
     * @param poolIds only items of these pools; empty = all
     * @return a sink's figures
     */
    synchronized Counts counts(String sink, Set<String> poolIds) {
        if (poolIds.isEmpty()) {
            return new Counts(sizeOf(PENDING + sink), counters.getOrDefault(DELIVERED + sink, 0L),
                    sizeOf(PARKED + sink));
        }
        long delivered = 0;
        for (String pool : poolIds) {
            delivered += counters.getOrDefault(DELIVERED + sink + "|" + pool, 0L);
        }
        return new Counts(countOf(PENDING + sink, poolIds), delivered, countOf(PARKED + sink, poolIds));
    }

    private long sizeOf(String map) {
        return store.hasMap(map) ? store.openMap(map).sizeAsLong() : 0;
    }

    private long countOf(String map, Set<String> poolIds) {
        if (!store.hasMap(map)) {
            return 0;
        }
        long n = 0;
        for (Long seq : store.<Long, String>openMap(map).keySet()) {
            if (poolIds.contains(item(seq).poolId())) {
                n++;
            }
        }
        return n;
    }

    /** @return the sinks the outbox has delivery state for */
    synchronized Set<String> sinks() {
        Set<String> out = new TreeSet<>();
        for (String name : store.getMapNames()) {
            for (String prefix : List.of(PENDING, DELIVERED, PARKED)) {
                if (name.startsWith(prefix)) {
                    out.add(name.substring(prefix.length()));
                }
            }
        }
        return out;
    }

    /** @return whether a sink has delivered an item (it went to that sink's delivered map) */
    synchronized boolean isDelivered(String sink, String itemId) {
        Long seq = ids.get(itemId);
        return seq != null && store.hasMap(DELIVERED + sink) && store.openMap(DELIVERED + sink).containsKey(seq);
    }

    /** @return items held */
    synchronized long size() {
        return items.sizeAsLong();
    }

    /**
     * Removes items that no sink still needs (delivered or never pending anywhere) and that were collected before
     * {@code olderThan} or exceed {@code maxItems}, oldest first. Pending and parked items are never removed.
     *
     * @return how many were removed
     */
    synchronized int prune(long olderThan, long maxItems) {
        List<MVMap<Long, String>> open = new ArrayList<>();
        List<MVMap<Long, Long>> delivered = new ArrayList<>();
        for (String sink : sinks()) {
            open.add(pending(sink));
            open.add(store.openMap(PARKED + sink));
            delivered.add(store.openMap(DELIVERED + sink));
        }
        long excess = items.sizeAsLong() - maxItems;
        int removed = 0;
        for (Iterator<Map.Entry<Long, String>> it = items.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, String> e = it.next();
            String v = e.getValue();
            long collectedAt = Long.parseLong(v.substring(0, v.indexOf('|')));
            if (collectedAt >= olderThan && excess - removed <= 0) {
                break;
            }
            long seq = e.getKey();
            if (open.stream().anyMatch(m -> m.containsKey(seq))) {
                continue;
            }
            MemoryItem item = ItemCodec.decode(v.substring(v.indexOf('|') + 1));
            items.remove(seq);
            ids.remove(item.id());
            delivered.forEach(m -> m.remove(seq));
            removed++;
        }
        if (removed > 0) {
            commit();
        }
        return removed;
    }

    /** @return items matching the filter, newest first, at most {@code limit} */
    synchronized List<MemoryItem> newestMatching(Predicate<MemoryItem> filter, int limit) {
        List<MemoryItem> out = new ArrayList<>();
        Iterator<Long> keys = items.keyIteratorReverse(null);
        while (keys.hasNext() && out.size() < limit) {
            MemoryItem item = item(keys.next());
            if (filter.test(item)) {
                out.add(item);
            }
        }
        return out;
    }

    private MVMap<Long, String> pending(String sink) {
        return store.openMap(PENDING + sink);
    }

    @Override
    public synchronized void close() {
        if (!store.isClosed()) {
            commit();
            store.close();
        }
    }
}
