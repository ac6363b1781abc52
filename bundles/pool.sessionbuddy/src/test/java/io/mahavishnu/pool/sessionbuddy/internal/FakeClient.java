package io.mahavishnu.pool.sessionbuddy.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A Session-Buddy in memory: workers echo prompts unless held; can be made unreachable. */
final class FakeClient implements SessionBuddyClient {

    final Map<String, String> workers = new ConcurrentHashMap<>();
    final List<String> closed = java.util.Collections.synchronizedList(new ArrayList<>());
    final Map<String, CompletableFuture<Outcome>> held = new ConcurrentHashMap<>();
    final AtomicInteger batchCalls = new AtomicInteger();
    volatile boolean unreachable;
    volatile boolean hold;
    private final AtomicInteger next = new AtomicInteger();

    private <T> CompletableFuture<T> down() {
        return CompletableFuture.failedFuture(new IllegalStateException("MCP server http://sb/mcp is unreachable"));
    }

    @Override
    public CompletionStage<List<String>> spawn(String workerType, int count, String poolId) {
        if (unreachable) {
            return down();
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "w" + next.incrementAndGet();
            workers.put(id, poolId);
            ids.add(id);
        }
        return CompletableFuture.completedFuture(ids);
    }

    @Override
    public CompletionStage<Outcome> execute(String workerId, String prompt, Duration timeout) {
        if (unreachable) {
            return down();
        }
        if (hold) {
            CompletableFuture<Outcome> f = new CompletableFuture<>();
            held.put(prompt, f);
            return f;
        }
        return CompletableFuture.completedFuture(new Outcome("completed", workerId + ":" + prompt, null));
    }

    @Override
    public CompletionStage<Map<String, Outcome>> executeBatch(List<String> workerIds, List<String> prompts,
                                                             Duration timeout) {
        batchCalls.incrementAndGet();
        Map<String, Outcome> out = new LinkedHashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            out.put(Integer.toString(i), new Outcome("completed", workerIds.get(i) + ":" + prompts.get(i), null));
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletionStage<Map<String, Object>> health() {
        return unreachable ? down() : CompletableFuture.completedFuture(Map.of("status", "healthy"));
    }

    @Override
    public CompletionStage<Void> close(String workerId) {
        workers.remove(workerId);
        closed.add(workerId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String url() {
        return "http://sb/mcp";
    }

    @Override
    public void close() {
    }
}
