package io.mahavishnu.pool.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The wait queue of a pool: priority order with aging, bounded by the caller.
 *
 * <p>Each entry gets the static key {@code enqueueNanos − priority × agingInterval}; the smallest key leaves
 * first, ties in arrival order. So a higher priority runs first, arrival order holds within one priority, and a
 * waiting task gains one priority level per aging interval it waits. <b>Bound:</b> a task A is never overtaken by
 * a task B that arrived more than {@code (priority(B) − priority(A)) × agingInterval} after it (B leaves first
 * only if {@code arrival(B) − arrival(A) < Δpriority × agingInterval}); tasks of equal or lower priority that
 * arrive later never overtake it. Keys are fixed at arrival, so the order needs no re-sorting.
 *
 * <p>Not thread-safe: the owning pool guards it with its lock. All operations are O(log n). Used by the local and
 * the Kubernetes pool types.
 *
 * @param <T> the queued item
 */
public final class TaskQueue<T> {

    /** A queued item; keep it to {@link #remove} the item later. */
    public static final class Entry<T> {
        private final T item;
        private final long key;
        private final long seq;

        private Entry(T item, long key, long seq) {
            this.item = item;
            this.key = key;
            this.seq = seq;
        }

        /** @return the queued item */
        public T item() {
            return item;
        }
    }

    private static final Comparator<Entry<?>> ORDER =
            Comparator.<Entry<?>>comparingLong(e -> e.key).thenComparingLong(e -> e.seq);

    private final TreeSet<Entry<T>> entries = new TreeSet<>(ORDER);
    /** Keys are relative to this so that they stay far from overflow whatever {@code nanoTime} returns. */
    private final long originNanos;
    private long seq;

    /** @param originNanos a time on the same clock as the {@code nowNanos} passed to {@link #add} */
    public TaskQueue(long originNanos) {
        this.originNanos = originNanos;
    }

    /**
     * @param item          the item
     * @param priority      0–9, higher first
     * @param nowNanos      arrival time
     * @param agingNanos    time a waiting item needs to gain one priority level
     * @return the entry, for {@link #remove}
     */
    public Entry<T> add(T item, int priority, long nowNanos, long agingNanos) {
        Entry<T> e = new Entry<>(item, (nowNanos - originNanos) - priority * agingNanos, seq++);
        entries.add(e);
        return e;
    }

    /** @return the next item, null if empty */
    public T poll() {
        Entry<T> e = entries.pollFirst();
        return e == null ? null : e.item;
    }

    /** @return true if the entry was still queued */
    public boolean remove(Entry<T> entry) {
        return entry != null && entries.remove(entry);
    }

    /** @return every item in queue order; the queue is empty afterwards */
    public List<T> drain() {
        List<T> out = new ArrayList<>(entries.size());
        for (Entry<T> e : entries) {
            out.add(e.item);
        }
        entries.clear();
        return out;
    }

    /** @return how many items wait */
    public int size() {
        return entries.size();
    }

    /** @return whether no item waits */
    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
