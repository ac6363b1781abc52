package io.mahavishnu.benchmarks;

import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Latency of {@code tools/call pool_execute} over loopback HTTP with the MCP Java SDK client, against calling
 * {@code PoolManager.execute} directly in the same runtime; a no-op task on a local pool either way. A third
 * measurement sends the same JSON-RPC request over one kept-alive HTTP/1.1 connection, each request in one blocking
 * write (a minimal client written here, no thread hand-over), which separates the server's share of a call from the
 * client's: the SDK client's asynchronous pipeline (the JDK's {@code HttpClient}, Reactor, SSE parsing) adds about
 * 1 ms per call on this kind of machine.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class McpBenchmark {

    private EmbeddedRuntime runtime;
    private PoolManager manager;
    private McpSyncClient client;
    private String poolId;
    private McpSchema.CallToolRequest call;
    private URI endpoint;
    private String session;
    private Socket socket;
    private InputStream in;
    private final AtomicLong ids = new AtomicLong(100);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        runtime = EmbeddedRuntime.start("mahavishnu", null);
        manager = runtime.service(PoolManager.class);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        runtime.configure("io.mahavishnu.manager", "quota_requests", 0);
        runtime.configure("io.mahavishnu.mcp", "port", port);
        poolId = manager.spawn(PoolConfig.builder().name("mcp-bench").workerType("noop").minWorkers(4)
                .build()).toCompletableFuture().get(30, TimeUnit.SECONDS).poolId();
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(30)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                client.initialize();
                break;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
        call = new McpSchema.CallToolRequest("pool_execute", Map.of("pool_id", poolId, "prompt", "noop"));
        endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
        session = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}", null)
                .session();
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session);
    }

    private record Reply(String session, String body) {
    }

    /**
     * One POST on the kept-alive connection, request line, headers and body in one write; reads the whole answer
     * (JSON, or an SSE stream the server ends with the last chunk).
     */
    private Reply post(String json, String sessionId) throws IOException {
        if (socket == null) {
            socket = new Socket(endpoint.getHost(), endpoint.getPort());
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append("POST ").append(endpoint.getPath())
                .append(" HTTP/1.1\r\nHost: ").append(endpoint.getHost()).append(':').append(endpoint.getPort())
                .append("\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n");
        if (sessionId != null) {
            head.append("Mcp-Session-Id: ").append(sessionId).append("\r\nMCP-Protocol-Version: 2025-06-18\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[h.length + body.length];
        System.arraycopy(h, 0, request, 0, h.length);
        System.arraycopy(body, 0, request, h.length, body.length);
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();

        String status = line();
        String session = null;
        boolean chunked = false;
        int length = 0;
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            String name = colon < 0 ? l : l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : l.substring(colon + 1).trim();
            switch (name) {
                case "mcp-session-id" -> session = value;
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                case "content-length" -> length = Integer.parseInt(value);
                default -> { }
            }
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                answer.write(in.readNBytes(size));
                line();
            }
            line();
        } else {
            answer.write(in.readNBytes(length));
        }
        String text = answer.toString(StandardCharsets.UTF_8);
        if (!status.startsWith("HTTP/1.1 2")) {
            throw new IllegalStateException("MCP answered " + status + ": " + text);
        }
        return new Reply(session, text);
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        socket.close();
        client.closeGracefully();
        runtime.close();
    }

    @Benchmark
    @BenchmarkMode({Mode.SampleTime, Mode.Throughput})
    public McpSchema.CallToolResult mcpToolsCallPoolExecute() {
        McpSchema.CallToolResult r = client.callTool(call);
        if (Boolean.TRUE.equals(r.isError())) {
            throw new IllegalStateException("pool_execute failed: " + r.content());
        }
        return r;
    }

    @Benchmark
    @BenchmarkMode({Mode.SampleTime, Mode.Throughput})
    public String mcpToolsCallOneWriteHttpClient() throws IOException {
        String body = post("{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet()
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"pool_execute\",\"arguments\":{\"pool_id\":\""
                + poolId + "\",\"prompt\":\"noop\"}}}", session).body();
        if (!body.contains("\"status\":\"completed\"") || body.contains("\"isError\":true")) {
            throw new IllegalStateException("pool_execute failed: " + body);
        }
        return body;
    }

    @Benchmark
    @BenchmarkMode({Mode.SampleTime, Mode.Throughput})
    public TaskResult directJavaCall() {
        return manager.execute(poolId, Task.ofPrompt("noop")).toCompletableFuture().join();
    }
}
