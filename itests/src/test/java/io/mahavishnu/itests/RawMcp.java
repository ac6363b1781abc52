package io.mahavishnu.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * MCP over plain HTTP, for what the Java SDK client does not send (cancellation) and for raw HTTP checks. Messages
 * are built as maps and written by Jackson.
 */
final class RawMcp {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String endpoint;
    private String session;

    RawMcp(String endpoint) {
        this.endpoint = endpoint;
    }

    HttpResponse<String> post(Object message, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request().POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(message)));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    void initialize() throws IOException, InterruptedException {
        HttpResponse<String> r = post(Map.of("jsonrpc", "2.0", "id", 0, "method", "initialize", "params",
                Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                        "clientInfo", Map.of("name", "raw", "version", "1"))), Map.of());
        if (r.statusCode() != 200) {
            throw new AssertionError("initialize answered " + r.statusCode() + ": " + r.body());
        }
        session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"), Map.of());
    }

    /** Sends a request; its SSE {@code data:} messages arrive in the returned queue as they come. */
    BlockingQueue<JsonNode> stream(Object request) throws IOException {
        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        HttpRequest r = request().POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)))
                .build();
        CompletableFuture<HttpResponse<Stream<String>>> f = http.sendAsync(r, HttpResponse.BodyHandlers.ofLines());
        f.thenAccept(resp -> CompletableFuture.runAsync(() -> {
            for (Iterator<String> it = resp.body().iterator(); it.hasNext();) {
                String line = it.next();
                if (line.startsWith("data:")) {
                    try {
                        messages.add(json.readTree(line.substring(5).trim()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }));
        return messages;
    }

    /** @return the next message matching, waiting up to the timeout */
    static JsonNode next(BlockingQueue<JsonNode> q, java.util.function.Predicate<JsonNode> p, long seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            JsonNode n = q.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (n == null) {
                throw new AssertionError("no matching message within " + seconds + " s");
            }
            if (p.test(n)) {
                return n;
            }
        }
    }

    private HttpRequest.Builder request() {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b;
    }
}
