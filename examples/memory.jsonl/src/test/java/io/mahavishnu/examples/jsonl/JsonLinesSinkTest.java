package io.mahavishnu.examples.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.memory.MemoryItem;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSinkTest {

    @TempDir
    Path dir;

    private JsonLinesSink sink(Path file) {
        return new JsonLinesSink(new JsonLinesSink.Config() {
            public String file() { return file.toString(); }
            public Class<? extends Annotation> annotationType() { return JsonLinesSink.Config.class; }
        });
    }

    private static MemoryItem item(String id, String content) {
        return new MemoryItem(id, "p_1", "mahavishnu", content, Map.of("status", "completed", "lines", 2,
                "tags", List.of("a", "b")), Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    void appendsEachItemOnceAsOneJsonLineAlsoAcrossRestarts() throws Exception {
        Path file = dir.resolve("sub/items.jsonl");
        JsonLinesSink sink = sink(file);
        sink.deliver(List.of(item("p_1:1", "first \"line\"\nsecond"), item("p_1:1", "dup in batch")))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        sink.deliver(List.of(item("p_1:1", "again"), item("p_1:2", "two"))).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        sink.deactivate();

        JsonLinesSink restarted = sink(file);
        restarted.deliver(List.of(item("p_1:2", "redelivered"), item("p_1:3", "three"))).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        restarted.deactivate();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("{\"id\":\"p_1:1\",\"pool_id\":\"p_1\",\"pool_type\":\"mahavishnu\","
                        + "\"content\":\"first \\\"line\\\"\\nsecond\",\"metadata\":{")
                .contains("\"status\":\"completed\"", "\"lines\":2", "\"tags\":[\"a\",\"b\"]")
                .endsWith("},\"timestamp\":\"2026-11-24T10:00:00Z\"}");
        assertThat(lines.get(1)).contains("\"id\":\"p_1:2\"").contains("\"content\":\"two\"");
        assertThat(lines.get(2)).contains("\"id\":\"p_1:3\"");
    }

    @Test
    void aFailedWriteFailsTheDeliverySoItIsRetried() {
        Path file = dir.resolve("blocked");
        JsonLinesSink sink = sink(file.resolve("items.jsonl"));
        try {
            Files.writeString(file, "a file where a folder is needed");
            assertThat(sink.deliver(List.of(item("x:1", "c"))).toCompletableFuture())
                    .failsWithin(10, TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } finally {
            sink.deactivate();
        }
    }
}
