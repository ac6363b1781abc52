package io.mahavishnu.memory.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahavishnu.api.memory.MemoryItem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link MemoryItem} as the JSON kept in the outbox, and the wire form sinks send:
 * {@code {id, content, metadata: {type, pool_id, pool_type, ..., memory_id}}} (the original's memory item plus the
 * stable id, at the top and in the metadata).
 */
final class ItemCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ItemCodec() {
    }

    static String encode(MemoryItem item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", item.id());
        m.put("pool_id", item.poolId());
        m.put("pool_type", item.poolType());
        m.put("content", item.content());
        m.put("metadata", item.metadata());
        m.put("timestamp", item.timestamp().toString());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("memory item " + item.id() + " cannot be stored: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static MemoryItem decode(String json) {
        try {
            Map<String, Object> m = JSON.readValue(json, Map.class);
            Object meta = m.get("metadata");
            return new MemoryItem((String) m.get("id"), (String) m.get("pool_id"), (String) m.get("pool_type"),
                    (String) m.get("content"), meta instanceof Map ? (Map<String, Object>) meta : Map.of(),
                    Instant.parse((String) m.get("timestamp")));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("outbox entry is not a memory item: " + e.getMessage(), e);
        }
    }

    /** @return the arguments of Session-Buddy's {@code store_memory} for the item */
    static Map<String, Object> storeMemoryArguments(MemoryItem item) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("type", "pool_worker_execution");
        meta.putAll(item.metadata());
        meta.put("pool_id", item.poolId());
        meta.put("pool_type", item.poolType());
        meta.putIfAbsent("timestamp", item.timestamp().toEpochMilli() / 1000.0);
        meta.put("memory_id", item.id());
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("id", item.id());
        args.put("content", item.content());
        args.put("metadata", meta);
        return args;
    }
}
