package io.mahavishnu.api.bus;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A bus message ({@code {id, type, source_pool_id, target_pool_id, payload, timestamp}} on the wire).
 * Payload values are JSON-like: strings, numbers, booleans, lists and maps of those.
 *
 * @param id           unique id (receivers drop duplicates by it); generated when null
 * @param type         the type
 * @param sourcePoolId sending pool, may be null
 * @param targetPoolId receiving pool; null = broadcast (subscribers only, not queued)
 * @param payload      the content
 * @param timestamp    when it was published; stamped when null
 */
public record Message(String id, MessageType type, String sourcePoolId, String targetPoolId,
                      Map<String, Object> payload, Instant timestamp) {

    /** Requires a type; fills id and timestamp; copies the payload. */
    public Message {
        Objects.requireNonNull(type, "type");
        id = id == null || id.isBlank() ? newId() : id;
        payload = payload == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(payload));
        timestamp = timestamp == null ? Instant.now() : timestamp;
    }

    /** @return a new random message id (UUID format; not a secret, so from a fast non-blocking source) */
    public static String newId() {
        java.util.concurrent.ThreadLocalRandom rnd = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID(rnd.nextLong() & ~0xF000L | 0x4000L, rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL | Long.MIN_VALUE)
                .toString();
    }

    /**
     * @param type    the type
     * @param source  sending pool or null
     * @param target  target pool or null for broadcast
     * @param payload content
     * @return a new message with a fresh id and the current time
     */
    public static Message of(MessageType type, String source, String target, Map<String, Object> payload) {
        return new Message(null, type, source, target, payload, null);
    }

    /** @return true if the message goes to one pool's queue */
    public boolean isTargeted() {
        return targetPoolId != null;
    }
}
