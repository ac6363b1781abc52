package io.mahavishnu.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.memory.MemoryItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearcherTest {

    @TempDir
    Path dir;

    @Test
    void asksTheRemoteSearchFiltersByPoolAndFallsBackToTheOutboxWhenItFails() throws Exception {
        MemorySettings s = TestSettings.of(dir.resolve("o.mv.db"), 1, 1, Duration.ofSeconds(1));
        try (Outbox o = Outbox.open(dir.resolve("o.mv.db"))) {
            o.append("a", List.of(OutboxTest.item("a", 1, "red fox jumps"), OutboxTest.item("a", 2, "blue fox")),
                    "2", List.of(), 1);
            o.append("b", List.of(OutboxTest.item("b", 1, "red fox sleeps")), "1", List.of(), 1);
            ConversationSearch remote = (q, limit, t) -> CompletableFuture.completedFuture(List.of(
                    OutboxTest.item("a", 1, "red fox jumps"), OutboxTest.item("b", 1, "red fox sleeps")));
            ConversationSearch down = (q, limit, t) -> CompletableFuture.failedFuture(new IllegalStateException("down"));

            Searcher up = new Searcher(o, () -> new Searcher.Remote(remote, true), () -> s);
            List<MemoryItem> hits = up.search("red fox", 10, Set.of("b")).toCompletableFuture().get();
            assertThat(hits).extracting(MemoryItem::id).containsExactly("b:1");
            assertThat(hits.get(0).metadata()).containsEntry("source", "session-buddy");

            Searcher failing = new Searcher(o, () -> new Searcher.Remote(down, true), () -> s);
            hits = failing.search("RED fox", 10, Set.of()).toCompletableFuture().get();
            assertThat(hits).extracting(MemoryItem::id).containsExactly("b:1", "a:1");
            assertThat(hits).allMatch(h -> "outbox".equals(h.metadata().get("source")));

            Searcher breakerOpen = new Searcher(o, () -> new Searcher.Remote(remote, false), () -> s);
            assertThat(breakerOpen.search("fox", 10, Set.of("a")).toCompletableFuture().get())
                    .extracting(MemoryItem::id).containsExactly("a:2", "a:1");
        }
    }

    @Test
    void sessionBuddyHitsAreTaggedWithTheirPoolAndTheAkoshaBatchCarriesItemIds() {
        List<MemoryItem> hits = SessionBuddySink.hits(Map.of("conversations", List.of(
                Map.of("id", "p:1", "content", "hello", "metadata", Map.of("pool_id", "p", "pool_type", "mahavishnu",
                        "timestamp", 1000.5)),
                Map.of("text", "no id", "metadata", Map.of()))));
        assertThat(hits).extracting(MemoryItem::poolId).containsExactly("p", "unknown");
        assertThat(hits.get(0).timestamp().toEpochMilli()).isEqualTo(1_000_500);
        assertThat(hits.get(1).content()).isEqualTo("no id");

        Map<String, Object> args = AkoshaSink.arguments(List.of(OutboxTest.item("p", 1, "x"),
                OutboxTest.item("q", 1, "y")));
        assertThat(args).containsEntry("pools_count", 2).containsEntry("memory_items_count", 2);
        List<Object> ids = new java.util.ArrayList<>();
        ((List<?>) args.get("items")).forEach(i -> ids.add(((Map<?, ?>) i).get("id")));
        assertThat(ids).containsExactly("p:1", "q:1");

        Map<String, Object> store = ItemCodec.storeMemoryArguments(OutboxTest.item("p", 7, "out"));
        assertThat(store).containsEntry("id", "p:7").containsEntry("content", "out");
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) store.get("metadata");
        assertThat(meta).containsEntry("memory_id", "p:7").containsEntry("pool_id", "p")
                .containsEntry("type", "pool_worker_execution");
    }
}
