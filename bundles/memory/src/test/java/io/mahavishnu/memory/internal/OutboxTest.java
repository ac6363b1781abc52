package io.mahavishnu.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.memory.MemoryItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    @TempDir
    Path dir;

    static MemoryItem item(String pool, int n, String content) {
        return new MemoryItem(pool + ":" + n, pool, "mahavishnu", content, Map.of("status", "completed"),
                Instant.ofEpochSecond(1000 + n));
    }

    @Test
    void itemsAndTheirCursorSurviveAReopenAndAKnownIdIsTakenOnce() {
        Path file = dir.resolve("o.mv.db");
        try (Outbox o = Outbox.open(file)) {
            assertThat(o.append("p1", List.of(item("p1", 1, "a"), item("p1", 2, "b")), "2", List.of("sb", "ak"), 5))
                    .hasSize(2);
            assertThat(o.append("p1", List.of(item("p1", 2, "b"), item("p1", 3, "c")), "3", List.of("sb", "ak"), 6))
                    .extracting(MemoryItem::id).containsExactly("p1:3");
        }
        try (Outbox o = Outbox.open(file)) {
            assertThat(o.cursor("p1")).isEqualTo("3");
            assertThat(o.size()).isEqualTo(3);
            assertThat(o.counts("sb", Set.of())).isEqualTo(new Outbox.Counts(3, 0, 0));
            assertThat(o.sinks()).containsExactly("ak", "sb");
            List<Outbox.Entry> due = o.due("sb", 10, 2, false);
            assertThat(due).extracting(e -> e.item().content()).containsExactly("a", "b");
            assertThat(due.get(0).item().metadata()).containsEntry("status", "completed");
        }
    }

    @Test
    void deliveredItemsAreCountedPerSinkAndPool() {
        try (Outbox o = Outbox.open(dir.resolve("o.mv.db"))) {
            o.append("p1", List.of(item("p1", 1, "a")), "1", List.of("sb"), 1);
            o.append("p2", List.of(item("p2", 1, "x"), item("p2", 2, "y")), "2", List.of("sb"), 1);
            o.delivered("sb", o.due("sb", 10, 10, false), 2);
            assertThat(o.counts("sb", Set.of())).isEqualTo(new Outbox.Counts(0, 3, 0));
            assertThat(o.counts("sb", Set.of("p2"))).isEqualTo(new Outbox.Counts(0, 2, 0));
            assertThat(o.isDelivered("sb", "p2:2")).isTrue();
            assertThat(o.nextDue("sb")).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void aFailedItemIsRetriedAloneAfterItsBackoffAndParkedAfterItsStrikesUntilRetried() {
        try (Outbox o = Outbox.open(dir.resolve("o.mv.db"))) {
            o.append("p", List.of(item("p", 1, "poison"), item("p", 2, "fine")), "2", List.of("sb"), 1);
            Outbox.Entry poison = o.due("sb", 10, 10, false).get(0);
            assertThat(o.failed("sb", poison, 10, 1000, false, "boom", 2)).isFalse();
            assertThat(o.due("sb", 20, 10, false)).extracting(e -> e.item().id()).containsExactly("p:2");
            assertThat(o.due("sb", 1000, 10, false)).extracting(e -> e.item().id()).containsExactly("p:1");
            // A probe of a paused sink goes with an item never tried, when there is one
            assertThat(o.due("sb", 20, 10, true)).extracting(e -> e.item().id()).containsExactly("p:2");
            assertThat(o.nextDue("sb")).isZero();
            o.failed("sb", o.due("sb", 1000, 10, false).get(0), 1000, 2000, true, "boom", 2);
            assertThat(o.failed("sb", o.due("sb", 2000, 10, false).get(0), 2000, 3000, true, "boom again", 2))
                    .isTrue();
            assertThat(o.counts("sb", Set.of())).isEqualTo(new Outbox.Counts(1, 0, 1));
            o.delivered("sb", o.due("sb", 2000, 10, false), 2000);
            Outbox.Parked parked = o.parked("sb", 10).get(0);
            assertThat(parked.item().id()).isEqualTo("p:1");
            assertThat(parked.attempts()).isEqualTo(3);
            assertThat(parked.error()).isEqualTo("boom again");
            assertThat(o.retryParked("sb")).isEqualTo(1);
            assertThat(o.counts("sb", Set.of())).isEqualTo(new Outbox.Counts(1, 1, 0));
            assertThat(o.due("sb", 0, 10, false)).extracting(e -> e.item().id()).containsExactly("p:1");
            // ...and with the oldest item tried before when every pending item was
            o.failed("sb", o.due("sb", 0, 10, false).get(0), 3000, 9000, false, "boom", 2);
            assertThat(o.due("sb", 3000, 10, true)).extracting(e -> e.item().id()).containsExactly("p:1");
        }
    }

    @Test
    void releaseBackoffMakesEveryPendingItemDueNow() {
        try (Outbox o = Outbox.open(dir.resolve("o.mv.db"))) {
            o.append("p", List.of(item("p", 1, "a")), "1", List.of("sb"), 1);
            o.failed("sb", o.due("sb", 0, 10, false).get(0), 0, 99_999, false, "down", 5);
            assertThat(o.due("sb", 10, 10, false)).isEmpty();
            o.releaseBackoff("sb");
            assertThat(o.due("sb", 10, 10, false)).hasSize(1);
        }
    }

    @Test
    void pruneRemovesOnlyDeliveredItemsPastRetention() {
        try (Outbox o = Outbox.open(dir.resolve("o.mv.db"))) {
            o.append("p", List.of(item("p", 1, "old delivered"), item("p", 2, "old pending")), "2", List.of("sb"),
                    100);
            o.append("p", List.of(item("p", 3, "new delivered")), "3", List.of("sb"), 5000);
            List<Outbox.Entry> due = o.due("sb", 0, 10, false);
            o.delivered("sb", List.of(due.get(0), due.get(2)), 6000);
            assertThat(o.prune(1000, 1000)).isEqualTo(1);
            assertThat(o.newestMatching(i -> true, 10)).extracting(MemoryItem::content)
                    .containsExactly("new delivered", "old pending");
            assertThat(o.prune(10_000, 0)).isEqualTo(1);
            assertThat(o.size()).isEqualTo(1);
        }
    }

    @Test
    void aSecondRuntimeOnTheSameFileGetsAClearError() throws Exception {
        Path file = dir.resolve("o.mv.db");
        try (Outbox o = Outbox.open(file)) {
            assertThatThrownBy(() -> Outbox.open(file)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("another runtime");
        }
        assertThat(Files.exists(file)).isTrue();
    }
}
