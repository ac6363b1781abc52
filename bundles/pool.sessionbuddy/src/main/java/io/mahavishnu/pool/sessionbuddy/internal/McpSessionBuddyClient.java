package io.mahavishnu.pool.sessionbuddy.internal;

import io.mahavishnu.mcp.client.McpToolClient;
import io.mahavishnu.mcp.client.McpToolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@link SessionBuddyClient} over MCP (Streamable HTTP, official SDK). Results are read leniently: a list may come as
 * the tool's whole result or under {@code worker_ids}/{@code result}; a batch as {@code {"0": {...}}} or under
 * {@code results}.
 */
final class McpSessionBuddyClient implements SessionBuddyClient {

    private final McpToolClient mcp;
    private final Duration callTimeout;
    private final Duration margin;

    /**
     * @param mcp         the connection
     * @param callTimeout bound for spawn, health and close calls
     * @param margin      added to a task's timeout to bound its execute call
     */
    McpSessionBuddyClient(McpToolClient mcp, Duration callTimeout, Duration margin) {
        this.mcp = mcp;
        this.callTimeout = callTimeout;
        this.margin = margin;
    }

    @Override
    public String url() {
        return mcp.url();
    }

    @Override
    public CompletionStage<List<String>> spawn(String workerType, int count, String poolId) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("worker_type", workerType);
        args.put("count", count);
        args.put("pool_id", poolId);
        return mcp.call("worker_spawn", args, callTimeout).thenApply(r -> {
            Object ids = r.containsKey("worker_ids") ? r.get("worker_ids")
                    : r.containsKey("result") ? r.get("result") : r.get("items");
            if (!(ids instanceof List<?> l)) {
                throw new McpToolException(McpToolException.Kind.PROTOCOL, "worker_spawn at " + url()
                        + " returned no worker_ids list: " + r, null);
            }
            List<String> out = new ArrayList<>();
            l.forEach(o -> out.add(String.valueOf(o)));
            return out;
        });
    }

    @Override
    public CompletionStage<Outcome> execute(String workerId, String prompt, Duration timeout) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("worker_id", workerId);
        args.put("prompt", prompt);
        args.put("timeout", timeout.toSeconds());
        return mcp.call("worker_execute", args, timeout.plus(margin)).thenApply(McpSessionBuddyClient::outcome);
    }

    @Override
    public CompletionStage<Map<String, Outcome>> executeBatch(List<String> workerIds, List<String> prompts,
                                                             Duration timeout) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("worker_ids", workerIds);
        args.put("prompts", prompts);
        args.put("timeout", timeout.toSeconds());
        return mcp.call("worker_execute_batch", args, timeout.plus(margin)).thenApply(r -> {
            Object inner = r.get("results") instanceof Map<?, ?> m ? m : r;
            Map<String, Outcome> out = new LinkedHashMap<>();
            for (int i = 0; i < prompts.size(); i++) {
                Object entry = ((Map<?, ?>) inner).get(Integer.toString(i));
                out.put(Integer.toString(i), entry instanceof Map<?, ?> e ? outcome(e)
                        : new Outcome("failed", null, "worker_execute_batch at " + url() + " returned no result for "
                                + "prompt " + i));
            }
            return out;
        });
    }

    @Override
    public CompletionStage<Map<String, Object>> health() {
        return mcp.call("worker_health", Map.of(), callTimeout);
    }

    @Override
    public CompletionStage<Void> close(String workerId) {
        return mcp.call("worker_close", Map.of("worker_id", workerId), callTimeout).thenApply(r -> null);
    }

    private static Outcome outcome(Map<?, ?> r) {
        Object status = r.get("status");
        Object output = r.get("output");
        Object error = r.get("error");
        return new Outcome(status == null ? "unknown" : status.toString(), output == null ? null : output.toString(),
                error == null ? null : error.toString());
    }

    @Override
    public void close() {
        mcp.close();
    }
}
