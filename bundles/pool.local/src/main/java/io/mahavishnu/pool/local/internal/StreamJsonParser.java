package io.mahavishnu.pool.local.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/**
 * Reads the stream-json output of an AI command line, one line at a time, with the original worker's rules plus
 * Claude Code's own format.
 *
 * <ul>
 *   <li>A line that is not a JSON object is output as is; blank lines are skipped.</li>
 *   <li>{@code content}: a string, or a list of objects with {@code text}, is output.</li>
 *   <li>Claude Code: {@code {"type":"assistant","message":{"content":[{"type":"text","text":…}]}}} outputs each
 *       text; the final {@code {"type":"result","is_error":…,"result":…}} marks completion, its {@code result}
 *       string becomes the whole output, and {@code is_error: true} makes it the error.</li>
 *   <li>Completion marker: a key {@code finish_reason} or {@code done}, {@code type} done/completion/result, or
 *       {@code status} completed.</li>
 * </ul>
 * Output pieces are joined with a newline and capped in UTF-8 bytes. Not thread-safe (one parser per task, fed by
 * one {@link LineSink}).
 */
final class StreamJsonParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COMPLETION_TYPES = Set.of("done", "completion", "result");

    private final int maxOutputBytes;
    private final StringBuilder output = new StringBuilder();
    private int outputBytes;
    private int pieces;
    private boolean truncated;
    private boolean completionSeen;
    private String result;
    private String error;

    /** @param maxOutputBytes output cap in UTF-8 bytes */
    StreamJsonParser(int maxOutputBytes) {
        this.maxOutputBytes = maxOutputBytes;
    }

    /** @param line one line of the command's standard output */
    void accept(String line) {
        if (line.isBlank()) {
            return;
        }
        JsonNode node = parse(line);
        if (node == null || !node.isObject()) {
            append(line);
            return;
        }
        JsonNode content = node.get("content");
        if (content != null) {
            appendContent(content);
        }
        String type = node.path("type").asText("");
        if ("assistant".equals(type)) {
            JsonNode items = node.path("message").path("content");
            if (items.isArray()) {
                for (JsonNode item : items) {
                    if ("text".equals(item.path("type").asText()) && item.path("text").isTextual()) {
                        append(item.get("text").asText());
                    }
                }
            }
        }
        if ("result".equals(type)) {
            JsonNode r = node.get("result");
            if (r != null && r.isTextual()) {
                result = r.asText();
            }
            if (node.path("is_error").asBoolean(false)) {
                error = result != null && !result.isBlank() ? result
                        : "command reported an error" + (node.hasNonNull("subtype")
                        ? " (" + node.get("subtype").asText() + ")" : "");
            }
        }
        if (node.has("finish_reason") || node.has("done") || COMPLETION_TYPES.contains(type)
                || "completed".equals(node.path("status").asText())) {
            completionSeen = true;
        }
    }

    /** @return the output: the final {@code result} if there was one, else the pieces joined by newlines */
    String output() {
        if (result != null) {
            return OutputBuffer.truncateUtf8(result, maxOutputBytes);
        }
        return output.toString();
    }

    /** @return true if {@link #output()} was cut at the cap */
    boolean truncated() {
        return result != null ? OutputBuffer.utf8Length(result) > maxOutputBytes : truncated;
    }

    /** @return true if a completion marker was seen */
    boolean completionSeen() {
        return completionSeen;
    }

    /** @return the error the command reported in its result, null if none */
    String error() {
        return error;
    }

    /** @return number of output pieces seen (the original's {@code output_lines}) */
    int outputLines() {
        return pieces;
    }

    private void appendContent(JsonNode content) {
        if (content.isTextual()) {
            append(content.asText());
        } else if (content.isArray()) {
            for (JsonNode item : content) {
                if (item.isObject() && item.path("text").isTextual()) {
                    append(item.get("text").asText());
                }
            }
        }
    }

    private void append(String piece) {
        pieces++;
        if (truncated) {
            return;
        }
        String sep = output.length() == 0 ? "" : "\n";
        int need = OutputBuffer.utf8Length(piece) + sep.length();
        if (outputBytes + need > maxOutputBytes) {
            truncated = true;
            String cut = OutputBuffer.truncateUtf8(sep + piece, maxOutputBytes - outputBytes);
            output.append(cut);
            outputBytes = maxOutputBytes;
            return;
        }
        output.append(sep).append(piece);
        outputBytes += need;
    }

    private static JsonNode parse(String line) {
        String t = line.trim();
        if (!t.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(t);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
