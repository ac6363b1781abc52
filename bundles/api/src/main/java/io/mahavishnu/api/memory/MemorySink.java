package io.mahavishnu.api.memory;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives collected memory (e.g. Session-Buddy {@code store_memory}, Akosha). Registered with
 * {@value #SINK}{@code =<name>}. Delivery is at-least-once: a sink must tolerate an item id it has seen.
 */
@ConsumerType
public interface MemorySink {

    /** Service property naming the sink. */
    String SINK = "memory.sink";

    /**
     * Optional service property: the largest number of items the sink takes in one {@link #deliver} call
     * (an integer ≥ 1; without it the aggregator's batch size applies). A sink that stores items one by one
     * sets 1, so one failed item never makes others be sent again.
     *
     * @since 1.1
     */
    String BATCH = "memory.sink.batch";

    /**
     * @param items items to store, each with a stable id
     * @return completes when every item is stored; exceptionally if any was not (the whole batch is retried)
     */
    CompletionStage<Void> deliver(List<MemoryItem> items);
}
