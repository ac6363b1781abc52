package io.mahavishnu.itests.fakes;

import io.modelcontextprotocol.server.McpServerFeatures;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Host-side test helper: Akosha's {@code aggregate_metrics}, counting each item id once. */
public final class FakeAkosha {

    private final Set<String> ids = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private final AtomicInteger calls = new AtomicInteger();

    public List<McpServerFeatures.SyncToolSpecification> tools() {
        return List.of(FakeSessionBuddy.tool("aggregate_metrics", (x, a) -> {
            calls.incrementAndGet();
            Object items = a.get("items");
            if (items instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Map<?, ?> m) {
                        ids.add(String.valueOf(m.get("id")));
                    }
                }
            }
            return Map.of("accepted", true);
        }));
    }

    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        synchronized (ids) {
            s.put("ids", List.copyOf(ids));
        }
        s.put("calls", calls.get());
        return s;
    }
}
