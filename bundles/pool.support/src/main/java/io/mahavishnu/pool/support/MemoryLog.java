package io.mahavishnu.pool.support;

import io.mahavishnu.api.memory.MemoryBatch;
import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest task memory items of one pool, each with a sequence number; {@link #since(String)} hands out the
 * items after a cursor so a collector sees each item once.
 *
 * <p>Sequence numbers start at the creation time in microseconds, so a pool that comes back after a restart
 * (same id, new log) continues above every number it gave out before and a collector's old cursor stays valid.
 * Items beyond the retained count are dropped oldest first; one that no collector had seen yet is counted
 * ({@link #dropped()}) and logged, never dropped silently. Thread-safe; every field is guarded by {@code this}.
 */
public final class MemoryLog {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryLog.class);

    /** Memory content cap, in characters. */
    public static final int CONTENT_CHARS = 4000;

    private record Entry(long seq, MemoryItem item) {
    }

    private final String poolId;
    private final String poolType;
    private final IntSupplier retained;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long lastSeq;
    /** The newest item handed out by {@link #since}. */
    private long collectedSeq;
    private long dropped;

    /**
     * @param poolId   the pool
     * @param poolType its type
     * @param retained how many items to keep (read on every append, so a new setting applies at once)
     * @param firstSeq the number the first item gets, minus one
     */
    public MemoryLog(String poolId, String poolType, IntSupplier retained, long firstSeq) {
        this.poolId = poolId;
        this.poolType = poolType;
        this.retained = retained;
        this.lastSeq = firstSeq;
    }

    /**
     * Records a finished task as an item of type {@code pool_worker_execution}: the result's output (capped at
     * {@value #CONTENT_CHARS} characters) and its worker, status, times, exit code, error and task id.
     *
     * @param r     its result
     * @param end   when it ended
     * @param extra further metadata of the pool type (e.g. the Job's name), added after the common fields
     */
    public void record(TaskResult r, Instant end, Map<String, ?> extra) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("type", "pool_worker_execution");
        meta.put("pool_id", poolId);
        meta.put("pool_type", poolType);
        meta.put("worker_id", r.workerId());
        meta.put("status", r.status().wireName());
        meta.put("timestamp", end.toEpochMilli() / 1000.0);
        meta.put("duration_seconds", r.durationSeconds());
        meta.put("exit_code", r.exitCode());
        meta.put("error", r.error());
        meta.put("task_id", r.taskId());
        meta.putAll(extra);
        String out = r.output() == null ? "" : r.output();
        String content = out.length() > CONTENT_CHARS ? out.substring(0, CONTENT_CHARS) : out;
        synchronized (this) {
            long seq = ++lastSeq;
            entries.addLast(new Entry(seq, new MemoryItem(poolId + ":" + seq, poolId, poolType, content, meta, end)));
            int keep = retained.getAsInt();
            while (entries.size() > keep) {
                Entry gone = entries.removeFirst();
                if (gone.seq > collectedSeq && dropped++ % 1000 == 0) {
                    LOG.warn("Pool {}: task memory item {} dropped before it was collected ({} so far): more tasks "
                            + "finished than memory_items_retained={} between two collections", poolId,
                            gone.item.id(), dropped, keep);
                }
            }
        }
    }

    /** @return items dropped before any collector saw them (the retained count was exceeded) */
    public synchronized long dropped() {
        return dropped;
    }

    /** @return how many items are retained now */
    public synchronized int size() {
        return entries.size();
    }

    /**
     * @param cursor the last sequence number seen (decimal), null for every retained item
     * @return the items after it, oldest first, and the cursor for the next call (unchanged if nothing new)
     * @throws ValidationException if the cursor is not a decimal number ≥ 0
     */
    public synchronized MemoryBatch since(String cursor) {
        long after = parse(cursor);
        List<MemoryItem> out = new ArrayList<>();
        long last = after;
        for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.seq <= after) {
                break;
            }
            out.add(e.item);
            last = Math.max(last, e.seq);
        }
        if (out.isEmpty()) {
            return new MemoryBatch(List.of(), cursor);
        }
        Collections.reverse(out);
        collectedSeq = Math.max(collectedSeq, last);
        return new MemoryBatch(out, Long.toString(last));
    }

    private static long parse(String cursor) {
        if (cursor == null) {
            return Long.MIN_VALUE;
        }
        try {
            long v = Long.parseLong(cursor.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException("cursor", cursor,
                "must be a nextCursor returned by an earlier collection (a decimal number), or empty for all");
    }
}
