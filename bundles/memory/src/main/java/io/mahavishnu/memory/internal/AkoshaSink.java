package io.mahavishnu.memory.internal;

import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.memory.MemorySink;
import io.mahavishnu.mcp.client.McpToolClient;
import io.mahavishnu.mcp.client.McpToolClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Sink {@code akosha}: sends each batch to Akosha's {@code aggregate_metrics} as the original's
 * {@code {pools_count, memory_items_count, timestamp}} plus the items' figures with their ids
 * ({@code items: [{id, pool_id, pool_type, status, duration_seconds, timestamp}]}), so Akosha can count each item
 * once even when a batch is sent again.
 */
@Component(service = MemorySink.class, configurationPid = MemorySettings.PID,
        property = MemorySink.SINK + "=" + AkoshaSink.NAME)
public class AkoshaSink implements MemorySink {

    /** Sink name. */
    static final String NAME = "akosha";

    private final McpToolClient client;
    private final Duration timeout;

    /** DS constructor. */
    @Activate
    public AkoshaSink(@Reference McpToolClients clients, MemoryConfig config) {
        MemorySettings s = MemorySettings.of(config);
        this.client = clients.open(s.akoshaUrl(), s.connectTimeout());
        this.timeout = s.deliveryTimeout();
    }

    @Deactivate
    void deactivate() {
        client.close();
    }

    @Override
    public CompletionStage<Void> deliver(List<MemoryItem> items) {
        return client.call("aggregate_metrics", arguments(items), timeout).thenApply(r -> null);
    }

    static Map<String, Object> arguments(List<MemoryItem> items) {
        Set<String> pools = new LinkedHashSet<>();
        List<Map<String, Object>> figures = new ArrayList<>();
        for (MemoryItem i : items) {
            pools.add(i.poolId());
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", i.id());
            f.put("pool_id", i.poolId());
            f.put("pool_type", i.poolType());
            f.put("status", i.metadata().get("status"));
            f.put("duration_seconds", i.metadata().get("duration_seconds"));
            f.put("timestamp", i.timestamp().toEpochMilli() / 1000.0);
            figures.add(f);
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("pools_count", pools.size());
        args.put("memory_items_count", items.size());
        args.put("timestamp", Instant.now().toEpochMilli() / 1000.0);
        args.put("items", figures);
        return args;
    }
}
