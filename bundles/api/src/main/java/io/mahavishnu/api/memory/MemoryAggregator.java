package io.mahavishnu.api.memory;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Collects memory from every pool into a durable outbox and delivers it to the {@link MemorySink}s.
 */
@ProviderType
public interface MemoryAggregator {

    /** @return collects new items from every pool now and attempts delivery */
    CompletionStage<SyncReport> collectAndSync();

    /**
     * Searches memory across pools.
     *
     * @param query   text to look for
     * @param limit   maximum hits
     * @param poolIds only these pools; empty = all
     * @return hits, best first
     */
    CompletionStage<List<MemoryItem>> search(String query, int limit, Set<String> poolIds);

    /**
     * @param poolsSynced    pools collected from
     * @param itemsCollected new items written to the outbox
     * @param itemsDelivered items delivered to every sink in this run
     * @param timestamp      when the run ended
     */
    record SyncReport(int poolsSynced, int itemsCollected, int itemsDelivered, Instant timestamp) {
    }
}
