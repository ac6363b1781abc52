package io.mahavishnu.benchmarks;

import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * {@code PoolManager.execute} directly in the same runtime; a no-op task on a local pool either way.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class McpBenchmark {

    private EmbeddedRuntime runtime;
    private PoolManager manager;
    private McpSyncClient client;
    private String poolId;
    private McpSchema.CallToolRequest call;

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
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
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
    public TaskResult directJavaCall() {
        return manager.execute(poolId, Task.ofPrompt("noop")).toCompletableFuture().join();
    }
}
