package io.mahavishnu.bus.redis.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.StreamEntryID;

/**
 * Copies of the targeted messages this runtime put into Redis that no runtime has received yet. They let a
 * publisher put its messages back when the server lost its data (restarted without persistence, or flushed): the
 * server's epoch marker is then new, and every copy written under an older epoch is queued again. Copies are
 * dropped as soon as their entry has left its stream (received and acknowledged, or cleared), which the
 * maintenance task sees from the stream's first entry id: queues are consumed in order.
 */
final class Outbox {

    /**
     * One copy.
     *
     * @param key   queue stream
     * @param json  the message
     * @param id    its stream entry id
     * @param epoch the server epoch it was written under
     */
    record Copy(String key, String json, StreamEntryID id, String epoch) {
    }

    /** Queue key → copies in stream order. Guarded by {@code this}. */
    private final Map<String, ArrayDeque<Copy>> copies = new LinkedHashMap<>();
    /** Number of copies. Guarded by {@code this}. */
    private int size;

    synchronized void add(Copy copy) {
        copies.computeIfAbsent(copy.key(), k -> new ArrayDeque<>()).add(copy);
        size++;
    }

    synchronized int size() {
        return size;
    }

    /** @return the keys that have copies */
    synchronized List<String> keys() {
        return new ArrayList<>(copies.keySet());
    }

    /**
     * Drops the copies of {@code key} written under {@code epoch} whose entry is older than the stream's first
     * entry (null: the stream is empty or gone, so all of them were received).
     */
    synchronized void prune(String key, String epoch, StreamEntryID firstLeft) {
        ArrayDeque<Copy> queue = copies.get(key);
        if (queue == null) {
            return;
        }
        for (Iterator<Copy> it = queue.iterator(); it.hasNext(); ) {
            Copy c = it.next();
            if (c.epoch().equals(epoch) && (firstLeft == null || c.id().compareTo(firstLeft) < 0)) {
                it.remove();
                size--;
            }
        }
        if (queue.isEmpty()) {
            copies.remove(key);
        }
    }

    /** Drops every copy of a queue (it was cleared, removed or moved to another transport). */
    synchronized void forget(String key) {
        ArrayDeque<Copy> queue = copies.remove(key);
        if (queue != null) {
            size -= queue.size();
        }
    }

    /**
     * Removes and returns the copies written under another epoch than the server's current one, in order per
     * queue; the caller queues them again and adds the new copies.
     */
    synchronized List<Copy> takeStale(String currentEpoch) {
        List<Copy> stale = new ArrayList<>();
        for (Iterator<ArrayDeque<Copy>> queues = copies.values().iterator(); queues.hasNext(); ) {
            ArrayDeque<Copy> queue = queues.next();
            for (Iterator<Copy> it = queue.iterator(); it.hasNext(); ) {
                Copy c = it.next();
                if (!c.epoch().equals(currentEpoch)) {
                    stale.add(c);
                    it.remove();
                    size--;
                }
            }
            if (queue.isEmpty()) {
                queues.remove();
            }
        }
        return stale;
    }
}
