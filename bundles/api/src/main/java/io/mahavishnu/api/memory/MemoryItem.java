package io.mahavishnu.api.memory;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One piece of memory recorded by a pool, e.g. the output of a task. The wire shape is the original's
 * {@code {content, metadata: {type, pool_id, pool_type, worker_id, status, timestamp, ...}}} plus a stable
 * {@code id} receivers use to drop duplicates.
 *
 * @param id        stable id, unique per item (e.g. {@code <pool id>:<sequence>})
 * @param poolId    the pool that recorded it
 * @param poolType  that pool's type
 * @param content   the text
 * @param metadata  facts about the item ({@code worker_id}, {@code status}, {@code duration_seconds}, …)
 * @param timestamp when the underlying work happened
 */
public record MemoryItem(String id, String poolId, String poolType, String content, Map<String, Object> metadata,
                         Instant timestamp) {

    /** Requires ids and content; copies metadata. */
    public MemoryItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(poolId, "poolId");
        content = content == null ? "" : content;
        metadata = metadata == null || metadata.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        timestamp = timestamp == null ? Instant.now() : timestamp;
    }
}
