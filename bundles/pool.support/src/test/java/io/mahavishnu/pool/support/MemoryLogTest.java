package io.mahavishnu.pool.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.memory.MemoryBatch;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryLogTest {

    private static void record(MemoryLog log, String output) {
        log.record(TaskResult.completed(Task.ofPrompt(output), "p_1", "w-1", output, Duration.ofMillis(1)),
                Instant.now(), Map.of());
    }

    @Test
    void aCollectorSeesEachItemOnceAfterItsCursor() {
        MemoryLog log = new MemoryLog("p_1", "mahavishnu", () -> 10, 100);
        record(log, "a");
        record(log, "b");
        MemoryBatch first = log.since(null);
        assertThat(first.items()).extracting(i -> i.content()).containsExactly("a", "b");
        assertThat(first.items().get(0).id()).isEqualTo("p_1:101");
        record(log, "c");
        MemoryBatch second = log.since(first.nextCursor());
        assertThat(second.items()).extracting(i -> i.content()).containsExactly("c");
        assertThat(log.since(second.nextCursor()).items()).isEmpty();
    }

    @Test
    void itemsDroppedBeforeAnyCollectionAreCountedNotThoseAlreadyCollected() {
        MemoryLog log = new MemoryLog("p_1", "mahavishnu", () -> 2, 0);
        record(log, "a");
        record(log, "b");
        MemoryBatch seen = log.since(null);
        record(log, "c");
        record(log, "d");
        assertThat(log.dropped()).as("a and b were collected before they went").isZero();
        record(log, "e");
        assertThat(log.dropped()).as("c was never collected").isEqualTo(1);
        assertThat(log.since(seen.nextCursor()).items()).extracting(i -> i.content()).containsExactly("d", "e");
    }
}
