package io.mahavishnu.mcp.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tool calls that are running, by call key ({@code <session id>|<JSON-RPC id>}), so that a client's
 * {@code notifications/cancelled} can stop the work.
 */
final class InFlightCalls {

    private final Map<String, CompletableFuture<Void>> calls = new ConcurrentHashMap<>();

    /** Tracks a call's cancel signal until {@code done} completes. */
    void register(String callKey, CompletableFuture<Void> cancelSignal, CompletableFuture<?> done) {
        if (callKey == null) {
            return;
        }
        calls.put(callKey, cancelSignal);
        done.whenComplete((r, e) -> calls.remove(callKey, cancelSignal));
    }

    /** @return true if a running call with that key was told to cancel */
    boolean cancel(String callKey) {
        CompletableFuture<Void> signal = callKey == null ? null : calls.get(callKey);
        return signal != null && signal.complete(null);
    }

    int size() {
        return calls.size();
    }

    /** @return the key of a request: session id and JSON-RPC id (as JSON text, so 7 and "7" differ) */
    static String key(String sessionId, String requestIdJson) {
        return (sessionId == null ? "" : sessionId) + "|" + requestIdJson;
    }
}
