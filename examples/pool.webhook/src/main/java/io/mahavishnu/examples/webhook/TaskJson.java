package io.mahavishnu.examples.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mahavishnu.api.pool.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The request body of one task:
 * {@code {"task_id", "pool_id", "prompt", "command": [...], "timeout_seconds", "priority", "attributes": {...}}}.
 */
final class TaskJson {

    private static final JsonFactory JSON = new JsonFactory();

    private TaskJson() {
    }

    static byte[] of(String poolId, Task task) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("task_id", task.id());
            g.writeStringField("pool_id", poolId);
            g.writeStringField("prompt", task.prompt());
            g.writeArrayFieldStart("command");
            for (String arg : task.command()) {
                g.writeString(arg);
            }
            g.writeEndArray();
            g.writeNumberField("timeout_seconds", task.timeout().toSeconds());
            g.writeNumberField("priority", task.priority());
            g.writeObjectFieldStart("attributes");
            for (Map.Entry<String, String> a : task.attributes().entrySet()) {
                g.writeStringField(a.getKey(), a.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return out.toByteArray();
    }
}
