package io.mahavishnu.bus.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void writesTheWireNamesAndReadsBackAnEqualMessage() {
        Message m = new Message("id-1", MessageType.POOL_CREATED, "mahavishnu_1", null,
                Map.of("pool_id", "mahavishnu_1", "config", Map.of("min_workers", 1), "tags", List.of("a")),
                Instant.parse("2026-11-24T10:15:30.123456789Z"));
        String json = codec.encode(m);
        assertThat(json).contains("\"type\":\"pool_created\"").contains("\"source_pool_id\":\"mahavishnu_1\"")
                .contains("\"timestamp\":1795515330.123456789").doesNotContain("target_pool_id");
        assertThat(codec.decode(json)).isEqualTo(m);
    }

    @Test
    void timestampsBeforeTheEpochRoundTrip() {
        Message m = new Message("id-2", MessageType.HEARTBEAT, null, "p", Map.of(),
                Instant.parse("1969-12-31T23:59:59.5Z"));
        assertThat(codec.decode(codec.encode(m))).isEqualTo(m);
    }

    @Test
    void rejectsWhatIsNotABusMessageSayingWhy() {
        assertThatThrownBy(() -> codec.decode("{\"id\":\"x\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id and type are required");
        assertThatThrownBy(() -> codec.decode("{\"id\":\"x\",\"type\":\"gossip\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gossip");
        assertThatThrownBy(() -> codec.decode("not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a bus message");
    }
}
