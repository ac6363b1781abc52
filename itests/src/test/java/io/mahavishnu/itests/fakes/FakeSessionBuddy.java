package io.mahavishnu.itests.fakes;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Host-side test helper: the Session-Buddy tools Mahavishnu uses, as a receiver would implement them. Workers echo
 * prompts; {@code store_memory} keeps each item once by id (a re-send is counted, not stored again);
 * {@code search_conversations} finds stored items containing every word of the query.
 */
public final class FakeSessionBuddy {

    private final Map<String, String> workers = new ConcurrentHashMap<>();
    private final List<String> closed = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> stored = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicInteger storeCalls = new AtomicInteger();
    private final Map<String, AtomicInteger> storeCounts = new ConcurrentHashMap<>();
    private final AtomicInteger nextWorker = new AtomicInteger();

    /** @return the tools */
    public List<McpServerFeatures.SyncToolSpecification> tools() {
        return List.of(
                tool("worker_spawn", (x, a) -> {
                    int count = ((Number) a.getOrDefault("count", 1)).intValue();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        String id = "sbw-" + nextWorker.incrementAndGet();
                        workers.put(id, String.valueOf(a.get("pool_id")));
                        ids.add(id);
                    }
                    return Map.of("worker_ids", ids);
                }),
                tool("worker_execute", (x, a) -> execute(String.valueOf(a.get("worker_id")),
                        String.valueOf(a.get("prompt")))),
                tool("worker_execute_batch", (x, a) -> {
                    List<?> ids = (List<?>) a.get("worker_ids");
                    List<?> prompts = (List<?>) a.get("prompts");
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (int i = 0; i < prompts.size(); i++) {
                        out.put(Integer.toString(i), execute(String.valueOf(ids.get(i)), String.valueOf(prompts.get(i))));
                    }
                    return out;
                }),
                tool("worker_health", (x, a) -> Map.of("status", "healthy", "workers_active", workers.size())),
                tool("worker_close", (x, a) -> {
                    String id = String.valueOf(a.get("worker_id"));
                    boolean known = workers.remove(id) != null;
                    if (known) {
                        closed.add(id);
                    }
                    return Map.of("success", known, "worker_id", id);
                }),
                tool("store_memory", (x, a) -> {
                    storeCalls.incrementAndGet();
                    String id = String.valueOf(a.get("id"));
                    storeCounts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    boolean duplicate = stored.putIfAbsent(id, a) != null;
                    return Map.of("stored", !duplicate, "duplicate", duplicate, "id", id);
                }),
                tool("search_conversations", (x, a) -> {
                    String[] words = String.valueOf(a.get("query")).toLowerCase(Locale.ROOT).split("\\s+");
                    int limit = ((Number) a.getOrDefault("limit", 100)).intValue();
                    List<Object> hits = new ArrayList<>();
                    synchronized (stored) {
                        for (Map<String, Object> item : stored.values()) {
                            String text = String.valueOf(item.get("content")).toLowerCase(Locale.ROOT);
                            boolean all = true;
                            for (String w : words) {
                                all &= text.contains(w);
                            }
                            if (all && hits.size() < limit) {
                                hits.add(item);
                            }
                        }
                    }
                    return Map.of("conversations", hits);
                }));
    }

    private Map<String, Object> execute(String workerId, String prompt) {
        if (!workers.containsKey(workerId)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("worker_id", workerId);
            r.put("status", "unknown_worker");
            r.put("error", "unknown worker " + workerId);
            return r;
        }
        executions.computeIfAbsent(workerId, k -> new AtomicInteger()).incrementAndGet();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("worker_id", workerId);
        r.put("status", "completed");
        r.put("output", "echo: " + prompt);
        r.put("duration", 0.01);
        return r;
    }

    /** A restart: the workers spawned so far are gone (stored memory is kept, as in a database). */
    void forgetWorkers() {
        workers.clear();
    }

    /** @return the state the tests check, as JSON-like values */
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("workers", new LinkedHashMap<>(workers));
        s.put("closed", new ArrayList<>(closed));
        Map<String, Integer> ex = new LinkedHashMap<>();
        executions.forEach((k, v) -> ex.put(k, v.get()));
        s.put("executions", ex);
        synchronized (stored) {
            s.put("stored", new ArrayList<>(stored.keySet()));
            List<Object> contents = new ArrayList<>();
            stored.values().forEach(v -> contents.add(v.get("content")));
            s.put("contents", contents);
        }
        s.put("store_calls", storeCalls.get());
        Map<String, Integer> counts = new LinkedHashMap<>();
        storeCounts.forEach((k, v) -> counts.put(k, v.get()));
        s.put("store_counts", counts);
        return s;
    }

    static McpServerFeatures.SyncToolSpecification tool(String name,
            BiFunction<Object, Map<String, Object>, Map<String, Object>> handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(name)
                .inputSchema(new McpSchema.JsonSchema("object", Map.of(), null, null, null, null)).build();
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, req) -> McpSchema.CallToolResult.builder()
                        .structuredContent(handler.apply(exchange, req.arguments() == null ? Map.of()
                                : req.arguments()))
                        .addTextContent("ok").build())
                .build();
    }
}
