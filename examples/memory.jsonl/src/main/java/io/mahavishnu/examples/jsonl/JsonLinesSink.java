package io.mahavishnu.examples.jsonl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.memory.MemorySink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Memory sink {@value #NAME}: appends every collected memory item to a JSON-lines file, one object per line
 * ({@code {"id", "pool_id", "pool_type", "content", "metadata", "timestamp"}}), and forces it to disk before
 * confirming. Delivery is at-least-once, so an id already in the file is skipped. Writes run on the sink's own
 * thread, never on the caller's.
 */
@Component(service = MemorySink.class, property = MemorySink.SINK + "=" + JsonLinesSink.NAME,
        configurationPid = JsonLinesSink.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JsonLinesSink.Config.class)
public class JsonLinesSink implements MemorySink {

    /** Sink name. */
    public static final String NAME = "jsonl";
    /** Configuration PID. */
    public static final String PID = "io.mahavishnu.examples.memory.jsonl";

    private static final JsonFactory JSON = new JsonFactory();

    /** Settings of the sink. */
    @ObjectClassDefinition(name = "JSON-lines memory sink", description = "Memory sink jsonl")
    public @interface Config {
        /** @return the file items are appended to */
        @AttributeDefinition(name = "File", description = "Relative paths start at the runtime's folder")
        String file() default "data/memory-items.jsonl";
    }

    private final Path file;
    private final ExecutorService writer;
    /** Ids in the file; only touched by the writer thread. */
    private final Set<String> written = new HashSet<>();

    /** @param config the settings */
    @Activate
    public JsonLinesSink(Config config) {
        this.file = Path.of(config.file()).toAbsolutePath();
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "memory-sink-jsonl");
            t.setDaemon(true);
            return t;
        });
        writer.execute(this::loadWrittenIds);
    }

    @Deactivate
    void deactivate() {
        writer.shutdown(); // deliveries already accepted still complete
    }

    @Override
    public CompletionStage<Void> deliver(List<MemoryItem> items) {
        return CompletableFuture.runAsync(() -> append(items), writer);
    }

    private void append(List<MemoryItem> items) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        Set<String> batch = new HashSet<>();
        for (MemoryItem item : items) {
            if (!written.contains(item.id()) && batch.add(item.id())) {
                lines.writeBytes(line(item));
            }
        }
        if (lines.size() == 0) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(lines.toByteArray());
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                out.force(true); // on disk before the delivery is confirmed
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not append memory items to " + file, e); // retried by the caller
        }
        written.addAll(batch);
    }

    private static byte[] line(MemoryItem item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", item.id());
            g.writeStringField("pool_id", item.poolId());
            g.writeStringField("pool_type", item.poolType());
            g.writeStringField("content", item.content());
            g.writeFieldName("metadata");
            write(g, item.metadata());
            g.writeStringField("timestamp", item.timestamp().toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Writes a JSON-like value: strings, numbers, booleans, null, and maps and lists of those. */
    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object v : list) {
                write(g, v);
            }
            g.writeEndArray();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Number n) {
            g.writeNumber(n.toString());
        } else {
            g.writeString(value.toString());
        }
    }

    /** An item written before a restart is not written again. */
    private void loadWrittenIds() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try (JsonParser p = JSON.createParser(l)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        if (name.equals("id")) {
                            written.add(p.getText());
                            break;
                        }
                        p.skipChildren();
                    }
                } catch (IOException e) {
                    // a torn last line (crash while writing) is ignored; its item is delivered again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
