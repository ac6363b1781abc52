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

    /**
     * Collects new items from every pool now and attempts delivery of everything due (probing sinks paused after
     * failures), waiting for each sink's attempt.
     *
     * @return what the run did
     */
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
     * Delivery figures of the outbox, per sink.
     *
     * @param poolIds count only items of these pools; empty = all
     * @return items held and, per sink, pending, delivered and parked counts
     * @since 1.1
     */
    MemoryStats stats(Set<String> poolIds);

    /**
     * Items a sink gave up on after repeated failures. They stay in the outbox until retried.
     *
     * @param sink  the sink's {@link MemorySink#SINK} name
     * @param limit maximum entries, oldest first
     * @return the parked items of that sink
     * @since 1.1
     */
    List<ParkedItem> parked(String sink, int limit);

    /**
     * Moves a sink's parked items back to pending, to be delivered again from now on.
     *
     * @param sink the sink's name
     * @return how many items were moved
     * @since 1.1
     */
    int retryParked(String sink);

    /**
     * @param poolsSynced    pools collected from
     * @param itemsCollected new items written to the outbox
     * @param itemsDelivered deliveries the sinks confirmed during this run (an item delivered to two sinks counts
     *                       twice; items of earlier runs waiting after an outage count too)
     * @param timestamp      when the run ended
     */
    record SyncReport(int poolsSynced, int itemsCollected, int itemsDelivered, Instant timestamp) {
    }
}
