package io.mahavishnu.api.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * An item a sink could not take after repeated attempts. It is kept, never dropped, until an operator retries it.
 *
 * @param item      the item
 * @param sink      the sink that failed
 * @param attempts  delivery attempts made
 * @param lastError the error of the last attempt
 * @param parkedAt  when it was parked
 * @since 1.1
 */
public record ParkedItem(MemoryItem item, String sink, int attempts, String lastError, Instant parkedAt) {

    /** Requires the item and sink. */
    public ParkedItem {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(sink, "sink");
    }
}
