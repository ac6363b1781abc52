package io.mahavishnu.pool.sessionbuddy.internal;

import io.mahavishnu.api.memory.MemoryBatch;
import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory items of one session-buddy pool: one per finished task, numbered from the pool's creation time in
 * microseconds so numbers keep increasing after a restart and a collector's cursor stays valid. Keeps the newest
 * {@code retained} items. {@code this} guards every field.
 */
final class TaskLog {

    private static final int CONTENT_CHARS = 4000;

    private record Entry(long seq, MemoryItem item) {
    }

    private final String poolId;
    private final String poolType;
    private final String url;
    private final int retained;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long lastSeq;
    private int size;

    TaskLog(String poolId, String poolType, String url, int retained, long firstSeq) {
        this.poolId = poolId;
        this.poolType = poolType;
        this.url = url;
        this.retained = retained;
        this.lastSeq = firstSeq;
    }

    void record(TaskResult r, Instant end) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("type", "pool_worker_execution");
        meta.put("pool_id", poolId);
        meta.put("pool_type", poolType);
        meta.put("worker_id", r.workerId());
        meta.put("status", r.status().wireName());
        meta.put("timestamp", end.toEpochMilli() / 1000.0);
        meta.put("duration_seconds", r.durationSeconds());
        meta.put("error", r.error());
        meta.put("task_id", r.taskId());
        meta.put("session_buddy_url", url);
        String out = r.output() == null ? "" : r.output();
        String content = out.length() > CONTENT_CHARS ? out.substring(0, CONTENT_CHARS) : out;
        synchronized (this) {
            long seq = ++lastSeq;
            entries.addLast(new Entry(seq, new MemoryItem(poolId + ":" + seq, poolId, poolType, content, meta, end)));
            while (entries.size() > retained) {
                entries.removeFirst();
            }
            size = entries.size();
        }
    }

    synchronized int size() {
        return size;
    }

    synchronized MemoryBatch since(String cursor) {
        long after;
        try {
            after = cursor == null ? Long.MIN_VALUE : Long.parseLong(cursor.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException("cursor", cursor, "must be a nextCursor returned by an earlier collection");
        }
        List<MemoryItem> out = new ArrayList<>();
        long last = after;
        for (Entry e : entries) {
            if (e.seq > after) {
                out.add(e.item);
                last = e.seq;
            }
        }
        return out.isEmpty() ? new MemoryBatch(List.of(), cursor) : new MemoryBatch(out, Long.toString(last));
    }
}
