package io.mahavishnu.mcp.client.internal;

import io.mahavishnu.mcp.client.McpToolClient;
import io.mahavishnu.mcp.client.McpToolException;
import io.mahavishnu.mcp.client.McpToolException.Kind;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * One remote MCP server through the SDK's async client. The session is opened on the first call and dropped after a
 * transport failure or timeout, so the next call starts a fresh one; a call refused because the server forgot the
 * session (it restarted) is sent again on a fresh one at once.
 * {@code this} guards {@code session}.
 */
final class SdkToolClient implements McpToolClient {

    private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
    };
    /** Longest any single request may take at the SDK level; each call has its own, shorter bound. */
    private static final Duration SDK_REQUEST_LIMIT = Duration.ofHours(25);
    /** What the SDK's pending requests fail with when the transport lost its session. */
    private static final String SESSION_TERMINATED = "MCP session with server terminated";

    private final URI uri;
    private final McpJsonMapper json;
    private final Duration connectTimeout;
    private final String version;
    private Session session;
    private boolean closed;

    private record Session(McpAsyncClient client, Mono<McpSchema.InitializeResult> ready) {
    }

    SdkToolClient(URI uri, McpJsonMapper json, Duration connectTimeout, String version) {
        this.uri = uri;
        this.json = json;
        this.connectTimeout = connectTimeout;
        this.version = version;
    }

    @Override
    public String url() {
        return uri.toString();
    }

    @Override
    public CompletionStage<Map<String, Object>> call(String tool, Map<String, Object> arguments, Duration timeout) {
        CompletableFuture<Map<String, Object>> out = new CompletableFuture<>();
        attempt(tool, arguments, timeout, System.nanoTime() + timeout.toNanos(), true, out);
        return out;
    }

    /**
     * One try of a call. When the server no longer knows the session (it restarted: it answers the session id with
     * 404, so it never saw the request), the call is sent once more on a new session, within the same time bound.
     */
    private void attempt(String tool, Map<String, Object> arguments, Duration timeout, long deadline,
                         boolean mayRenew, CompletableFuture<Map<String, Object>> out) {
        Session s;
        try {
            s = session();
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
            return;
        }
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        Mono<McpSchema.CallToolResult> call = s.ready()
                .then(Mono.defer(() -> s.client().callTool(new McpSchema.CallToolRequest(tool, arguments))))
                .timeout(left);
        call.toFuture().whenComplete((r, err) -> {
            if (err != null) {
                drop(s);
                if (mayRenew && sessionLost(err) && deadline - System.nanoTime() > 0) {
                    attempt(tool, arguments, timeout, deadline, false, out);
                } else {
                    out.completeExceptionally(failure(tool, timeout, err));
                }
                return;
            }
            try {
                out.complete(result(tool, r));
            } catch (McpToolException e) {
                out.completeExceptionally(e);
            }
        });
    }

    /** The SDK's signs that the server ended the session (e.g. it restarted and answered the session id with 404). */
    static boolean sessionLost(Throwable err) {
        for (Throwable c = err; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof io.modelcontextprotocol.spec.McpTransportSessionNotFoundException
                    || SESSION_TERMINATED.equals(c.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private synchronized Session session() {
        if (closed) {
            throw new McpToolException(Kind.UNREACHABLE, "client for " + uri + " is closed", null);
        }
        if (session == null) {
            String base = uri.getScheme() + "://" + uri.getRawAuthority();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base)
                    .endpoint(path)
                    .jsonMapper(json)
                    .clientBuilder(HttpClient.newBuilder().connectTimeout(connectTimeout))
                    .openConnectionOnStartup(false)
                    .build();
            McpAsyncClient client = McpClient.async(transport)
                    .clientInfo(new McpSchema.Implementation("mahavishnu", version))
                    .requestTimeout(SDK_REQUEST_LIMIT)
                    .initializationTimeout(connectTimeout)
                    .build();
            session = new Session(client, client.initialize().timeout(connectTimeout).cache());
        }
        return session;
    }

    private void drop(Session failed) {
        synchronized (this) {
            if (session != failed) {
                return;
            }
            session = null;
        }
        closeQuietly(failed);
    }

    private Map<String, Object> result(String tool, McpSchema.CallToolResult r) {
        String text = null;
        if (r.content() != null) {
            for (McpSchema.Content c : r.content()) {
                if (c instanceof McpSchema.TextContent t) {
                    text = t.text();
                    break;
                }
            }
        }
        if (Boolean.TRUE.equals(r.isError())) {
            throw new McpToolException(Kind.TOOL_ERROR, "tool " + tool + " at " + uri + " failed: "
                    + (text == null ? "no details" : text), null);
        }
        if (r.structuredContent() instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        if (text == null) {
            return Map.of();
        }
        String t = text.trim();
        if (t.startsWith("{")) {
            try {
                return json.readValue(t, MAP);
            } catch (java.io.IOException e) {
                throw new McpToolException(Kind.PROTOCOL, "tool " + tool + " at " + uri
                        + " answered with invalid JSON: " + e.getMessage(), e);
            }
        }
        if (t.startsWith("[")) {
            try {
                return Map.of("items", json.readValue(t, Object.class));
            } catch (java.io.IOException e) {
                // not JSON after all: plain text below
            }
        }
        return Map.of("text", text);
    }

    private McpToolException failure(String tool, Duration timeout, Throwable err) {
        Throwable root = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (root instanceof McpToolException e) {
            return e;
        }
        if (root instanceof TimeoutException) {
            return new McpToolException(Kind.TIMEOUT, "tool " + tool + " at " + uri + " did not answer within "
                    + timeout.toMillis() + " ms", root);
        }
        if (root instanceof io.modelcontextprotocol.spec.McpError) {
            return new McpToolException(Kind.PROTOCOL, "tool " + tool + " at " + uri + " was refused: "
                    + root.getMessage(), root);
        }
        return new McpToolException(Kind.UNREACHABLE, "MCP server " + uri + " is unreachable (calling " + tool + "): "
                + describe(root), root);
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 300; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(m == null || m.isBlank() ? c.getClass().getSimpleName() : m);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        Session s;
        synchronized (this) {
            closed = true;
            s = session;
            session = null;
        }
        if (s != null) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Session s) {
        try {
            s.client().close();
        } catch (RuntimeException e) {
            // the session is gone either way
        }
    }
}
