package io.mahavishnu.api.memory;

import java.util.List;

/**
 * Items returned by one {@code collectMemory(cursor)} call and the cursor for the next call.
 *
 * @param items      new items, oldest first
 * @param nextCursor pass this to the next call; unchanged when there was nothing new
 */
public record MemoryBatch(List<MemoryItem> items, String nextCursor) {

    /** Copies the list. */
    public MemoryBatch {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
