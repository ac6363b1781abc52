package io.mahavishnu.bus.redis.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.pool.WireEnum;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A {@link Message} as the JSON stored in Redis: the original's wire shape
 * {@code {id, type, source_pool_id, target_pool_id, payload, timestamp}}, with the type's wire name and the
 * timestamp in epoch seconds. The timestamp is written as an exact decimal (nanosecond digits), so a message
 * read back equals the one written.
 */
final class MessageCodec {

    /** Thread-safe once configured; shared by every caller. */
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The JSON document; field names are the wire names. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Wire(@JsonProperty("id") String id, @JsonProperty("type") String type,
                @JsonProperty("source_pool_id") String sourcePoolId,
                @JsonProperty("target_pool_id") String targetPoolId,
                @JsonProperty("payload") Map<String, Object> payload,
                @JsonProperty("timestamp") BigDecimal timestamp) {
    }

    /**
     * @param message the message
     * @return its JSON
     * @throws IllegalArgumentException if the payload holds something that is not JSON-like
     */
    String encode(Message message) {
        Instant t = message.timestamp();
        BigDecimal seconds = BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9));
        Wire wire = new Wire(message.id(), message.type().wireName(), message.sourcePoolId(), message.targetPoolId(),
                message.payload(), seconds);
        try {
            return json.writeValueAsString(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload of " + message.type().wireName() + " message " + message.id()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param text JSON written by {@link #encode}, possibly by another runtime
     * @return the message
     * @throws IllegalArgumentException if the text is not such a message (the error says why)
     */
    Message decode(String text) {
        Wire wire;
        try {
            wire = json.readValue(text, Wire.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a bus message: " + e.getOriginalMessage(), e);
        }
        if (wire == null || wire.id() == null || wire.type() == null) {
            throw new IllegalArgumentException("not a bus message: id and type are required");
        }
        MessageType type = WireEnum.parse(MessageType.class, "type", wire.type());
        Instant timestamp = null;
        if (wire.timestamp() != null) {
            BigDecimal ts = wire.timestamp();
            long seconds = ts.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            int nanos = ts.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).intValue();
            timestamp = Instant.ofEpochSecond(seconds, nanos);
        }
        return new Message(wire.id(), type, wire.sourcePoolId(), wire.targetPoolId(), wire.payload(), timestamp);
    }
}
