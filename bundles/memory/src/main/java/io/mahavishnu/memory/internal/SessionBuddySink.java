package io.mahavishnu.memory.internal;

import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.memory.MemorySink;
import io.mahavishnu.mcp.client.McpToolClient;
import io.mahavishnu.mcp.client.McpToolClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Sink {@code session-buddy}: stores each item with Session-Buddy's {@code store_memory} tool
 * ({@code {id, content, metadata}}, the id also as {@code metadata.memory_id}, so Session-Buddy can drop an item it
 * already has), one item per call; and searches with {@code search_conversations}.
 */
@Component(service = {MemorySink.class, ConversationSearch.class}, configurationPid = MemorySettings.PID,
        property = {MemorySink.SINK + "=" + SessionBuddySink.NAME, MemorySink.BATCH + ":Integer=1"})
public class SessionBuddySink implements MemorySink, ConversationSearch {

    /** Sink name. */
    static final String NAME = "session-buddy";

    private final McpToolClient client;
    private final Duration timeout;

    /** DS constructor. */
    @Activate
    public SessionBuddySink(@Reference McpToolClients clients, MemoryConfig config) {
        MemorySettings s = MemorySettings.of(config);
        this.client = clients.open(s.sessionBuddyUrl(), s.connectTimeout());
        this.timeout = s.deliveryTimeout();
    }

    @Deactivate
    void deactivate() {
        client.close();
    }

    @Override
    public CompletionStage<Void> deliver(List<MemoryItem> items) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (MemoryItem item : items) {
            chain = chain.thenCompose(v -> client.call("store_memory", ItemCodec.storeMemoryArguments(item), timeout)
                    .toCompletableFuture().thenApply(r -> null));
        }
        return chain;
    }

    @Override
    public CompletionStage<List<MemoryItem>> search(String query, int limit, Duration searchTimeout) {
        return client.call("search_conversations", Map.of("query", query == null ? "" : query, "limit", limit),
                searchTimeout).thenApply(SessionBuddySink::hits);
    }

    @SuppressWarnings("unchecked")
    static List<MemoryItem> hits(Map<String, Object> result) {
        Object list = result.containsKey("conversations") ? result.get("conversations") : result.get("items");
        List<MemoryItem> out = new ArrayList<>();
        if (!(list instanceof List<?> l)) {
            return out;
        }
        int n = 0;
        for (Object o : l) {
            n++;
            if (!(o instanceof Map<?, ?> raw)) {
                continue;
            }
            Map<String, Object> c = (Map<String, Object>) raw;
            Map<String, Object> meta = c.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            String id = first(c.get("id"), meta.get("memory_id"), "session-buddy:" + n);
            String pool = first(c.get("pool_id"), meta.get("pool_id"), "unknown");
            String type = first(c.get("pool_type"), meta.get("pool_type"), null);
            Object content = c.containsKey("content") ? c.get("content") : c.get("text");
            out.add(new MemoryItem(id, pool, type, content == null ? "" : content.toString(), meta,
                    timestamp(meta.get("timestamp"))));
        }
        return out;
    }

    private static String first(Object a, Object b, String fallback) {
        if (a != null && !a.toString().isBlank()) {
            return a.toString();
        }
        return b != null && !b.toString().isBlank() ? b.toString() : fallback;
    }

    private static Instant timestamp(Object t) {
        if (t instanceof Number n) {
            return Instant.ofEpochMilli((long) (n.doubleValue() * 1000));
        }
        try {
            return t == null ? null : Instant.parse(t.toString());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
