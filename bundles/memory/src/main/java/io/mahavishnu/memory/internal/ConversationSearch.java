package io.mahavishnu.memory.internal;

import io.mahavishnu.api.memory.MemoryItem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A remote search over stored memory (Session-Buddy's {@code search_conversations}). Registered by a sink with its
 * {@code memory.sink} name, so the aggregator skips it while that sink's breaker is open.
 */
public interface ConversationSearch {

    /**
     * @param query   the text
     * @param limit   maximum hits
     * @param timeout bound for the call
     * @return hits, best first, each with its pool id where the remote side knows it
     */
    CompletionStage<List<MemoryItem>> search(String query, int limit, Duration timeout);
}
