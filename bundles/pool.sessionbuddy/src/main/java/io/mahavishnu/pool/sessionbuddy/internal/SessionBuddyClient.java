package io.mahavishnu.pool.sessionbuddy.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What the session-buddy pool needs from a remote Session-Buddy: its worker tools. Every call is bounded by a timeout
 * and completes exceptionally (never blocks) when Session-Buddy is unreachable.
 */
interface SessionBuddyClient extends AutoCloseable {

    /** Outcome of one prompt on a remote worker ({@code {status, output, error}} of {@code worker_execute}). */
    record Outcome(String status, String output, String error) {
    }

    /**
     * {@code worker_spawn {worker_type, count, pool_id}}.
     *
     * @return the new workers' ids
     */
    CompletionStage<List<String>> spawn(String workerType, int count, String poolId);

    /**
     * {@code worker_execute {worker_id, prompt, timeout}}; the call itself is bounded by {@code timeout} plus the
     * client's margin.
     */
    CompletionStage<Outcome> execute(String workerId, String prompt, Duration timeout);

    /**
     * {@code worker_execute_batch {worker_ids, prompts, timeout}}: prompt {@code i} on worker {@code i}.
     *
     * @return outcome per index {@code "0".."n-1"}
     */
    CompletionStage<Map<String, Outcome>> executeBatch(List<String> workerIds, List<String> prompts, Duration timeout);

    /** {@code worker_health {}}: whatever Session-Buddy reports. */
    CompletionStage<Map<String, Object>> health();

    /** {@code worker_close {worker_id}}. */
    CompletionStage<Void> close(String workerId);

    /** @return the endpoint, for messages */
    String url();

    /** Releases the connection. */
    @Override
    void close();
}
