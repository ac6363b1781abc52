package io.mahavishnu.itests;

import static io.mahavishnu.itests.StartedDistribution.call;
import static io.mahavishnu.itests.StartedDistribution.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The plugin kit as a plugin author uses it, against the built distribution started with {@code bin/mahavishnu
 * start}: the example plugins and the project generated from the archetype (by the archetype's own integration
 * test) are dropped into {@code deploy/}, used through MCP, and deleted again, without a restart.
 *
 * <p>Measures, for docs/plugin-guide.md, the time from the jar appearing in {@code deploy/} until the first
 * successful spawn (or route, for a strategy), and from its deletion until its pools show as unavailable. The
 * numbers are written to {@code target/plugin-kit-measurements.txt}; they are reported, never asserted.
 */
public class PluginKitDistributionIT {

    private static final long DEPLOY_WAIT_SECONDS = 60;

    private static final AtomicInteger unknownToolAnswers = new AtomicInteger();
    private static StartedDistribution runtime;
    private static McpSyncClient mcp;

    @BeforeClass
    public static void startDistribution() throws Exception {
        runtime = StartedDistribution.start("plugin-kit");
        mcp = runtime.client();
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (unknownToolAnswers.get() > 0) {
            report("MCP calls answered 'Unknown tool' while the tools were re-published: " + unknownToolAnswers);
        }
    }

    @Test
    public void theWebhookPoolTypeComesRunsTasksAndLeavesWithItsJar() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.setExecutor(Executors.newCachedThreadPool());
        hook.createContext("/hook", exchange -> answer(exchange, holding, release));
        hook.start();
        try {
            String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
            Map<String, Object> spawn = Map.of("pool_type", "webhook", "name", "hook", "min_workers", 2,
                    "max_workers", 4, "extra_config", Map.of("url", url, "connect_timeout_seconds", "2"));
            assertThat(call(mcp, "pool_spawn", spawn).get("error")).asString()
                    .contains("Unknown pool type: webhook");

            long dropped = System.nanoTime();
            Path jar = runtime.drop(jarOf("mahavishnu.examples.webhook"), "webhook-pool.jar");
            Map<String, Object> pool = await("pool type webhook spawnable", () -> call(mcp, "pool_spawn", spawn),
                    r -> r.containsKey("pool_id"));
            record("webhook pool type (examples/pool.webhook): deploy to spawned pool", dropped);
            String poolId = (String) pool.get("pool_id");
            assertThat(poolId).startsWith("webhook_");

            Map<String, Object> result = ok(mcp, "pool_execute", Map.of("pool_id", poolId, "prompt", "hello"));
            assertThat(result).containsEntry("status", "completed").containsEntry("output", "hook: hello");
            Map<String, Object> routed = call(mcp, "pool_route_execute",
                    Map.of("prompt", "routed", "pool_affinity", poolId));
            assertThat(routed).containsEntry("pool_id", poolId).containsEntry("output", "hook: routed");

            // A task in flight when the jar goes: it ends cancelled, the pool is kept but unavailable.
            McpSyncClient second = runtime.client();
            CompletableFuture<Map<String, Object>> held = CompletableFuture.supplyAsync(
                    () -> call(second, "pool_execute", Map.of("pool_id", poolId, "prompt", "hold")));
            assertThat(holding.await(30, TimeUnit.SECONDS)).as("the webhook got the held task").isTrue();

            long removed = System.nanoTime();
            Files.delete(jar);
            Map<String, Object> gone = await("webhook pool unavailable", () -> poolInfo(poolId),
                    p -> Boolean.FALSE.equals(p.get("available")));
            record("webhook pool type: delete to pool stopped (pending, unavailable)", removed);
            assertThat(gone).containsEntry("status", "pending");
            Map<String, Object> cancelled = held.get(30, TimeUnit.SECONDS);
            assertThat(cancelled).containsEntry("status", "cancelled");
            assertThat(cancelled.get("error")).asString().contains("webhook pool " + poolId + " stopped");
            assertThat(call(mcp, "pool_spawn", spawn).get("error")).asString()
                    .contains("Unknown pool type: webhook");
            assertThat(ok(mcp, "pool_close", Map.of("pool_id", poolId))).containsEntry("status", "closed");
        } finally {
            release.countDown();
            hook.stop(0);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    public void theLatencyAwareStrategyRoutesWhileItsJarIsThere() throws Exception {
        Set<String> pools = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            pools.add((String) ok(mcp, "pool_spawn", Map.of("worker_type", "noop", "name", "lat" + i)).get("pool_id"));
        }
        Map<String, Object> route = Map.of("prompt", "where?", "pool_selector", "latency_aware");
        assertThat(call(mcp, "pool_route_execute", route).get("error")).asString()
                .contains("pool_selector must be one of the deployed routing strategies");

        long dropped = System.nanoTime();
        Path jar = runtime.drop(jarOf("mahavishnu.examples.latency"), "latency-routing.jar");
        Map<String, Object> first = await("strategy latency_aware usable",
                () -> call(mcp, "pool_route_execute", route), r -> "completed".equals(r.get("status")));
        record("latency_aware strategy (examples/routing.latency): deploy to first routed task", dropped);

        Set<String> chosen = new HashSet<>();
        chosen.add((String) first.get("pool_id"));
        for (int i = 0; i < 6; i++) {
            Map<String, Object> r = call(mcp, "pool_route_execute", route);
            assertThat(r).containsEntry("status", "completed").containsEntry("output", "where?");
            assertThat((Map<String, Object>) r.get("route")).containsEntry("strategy", "latency_aware");
            chosen.add((String) r.get("pool_id"));
        }
        assertThat(pools).containsAll(chosen);

        long removed = System.nanoTime();
        Files.delete(jar);
        await("strategy latency_aware gone", () -> call(mcp, "pool_route_execute", route),
                r -> String.valueOf(r.get("error")).contains("pool_selector must be one of"));
        record("latency_aware strategy: delete to strategy gone", removed);
        assertThat(call(mcp, "pool_route_execute", Map.of("prompt", "default"))).containsEntry("status", "completed");
        for (String p : pools) {
            call(mcp, "pool_close", Map.of("pool_id", p));
        }
    }

    @Test
    public void aPluginGeneratedFromTheArchetypeIsSpawnableAndLeavesCleanly() throws Exception {
        Map<String, Object> spawn = Map.of("pool_type", "acme", "name", "generated");
        long dropped = System.nanoTime();
        Path jar = runtime.drop(jarOf("mahavishnu.archetype.plugin"), "acme-pool.jar");
        Map<String, Object> pool = await("pool type acme spawnable", () -> call(mcp, "pool_spawn", spawn),
                r -> r.containsKey("pool_id"));
        record("generated plugin (archetype, pool type acme): deploy to spawned pool", dropped);
        String poolId = (String) pool.get("pool_id");

        assertThat(call(mcp, "pool_execute", Map.of("pool_id", poolId, "prompt", "hello")))
                .containsEntry("status", "completed").containsEntry("output", "HELLO");
        assertThat(call(mcp, "pool_route_execute", Map.of("prompt", "routed", "pool_affinity", poolId)))
                .containsEntry("pool_id", poolId).containsEntry("output", "ROUTED");

        long removed = System.nanoTime();
        Files.delete(jar);
        assertThat(await("acme pool unavailable", () -> poolInfo(poolId),
                p -> Boolean.FALSE.equals(p.get("available")))).containsEntry("status", "pending");
        record("generated plugin: delete to pool stopped (pending, unavailable)", removed);
        assertThat(call(mcp, "pool_execute", Map.of("pool_id", poolId, "prompt", "late")).get("error"))
                .isNotNull();
        assertThat(call(mcp, "pool_close", Map.of("pool_id", poolId))).containsEntry("status", "closed");
    }

    private static void answer(HttpExchange exchange, CountDownLatch holding, CountDownLatch release)
            throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String prompt = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("prompt").asText();
        if (prompt.equals("hold")) {
            holding.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] reply = ("hook: " + prompt).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, reply.length);
            out.write(reply);
        } catch (IOException e) {
            // the pool aborted the request
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> poolInfo(String poolId) {
        List<Map<String, Object>> pools = (List<Map<String, Object>>) call(mcp, "pool_list", Map.of()).get("pools");
        return pools.stream().filter(p -> poolId.equals(p.get("pool_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("pool " + poolId + " is not listed: " + pools));
    }

    private static Path jarOf(String property) {
        Path jar = Path.of(System.getProperty(property));
        assertThat(jar).as("%s: built by its module (the archetype's integration test builds the generated "
                + "plugin); build with 'mvn verify', not -pl itests alone", property).isRegularFile();
        return jar;
    }

    /**
     * The runtime is another process with no event to wait on: repeats a call (bounded) until its answer matches.
     */
    private static Map<String, Object> await(String what, Supplier<Map<String, Object>> call,
                                             Predicate<Map<String, Object>> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEPLOY_WAIT_SECONDS);
        Map<String, Object> last;
        while (true) {
            try {
                last = call.get();
            } catch (McpError e) {
                // While a pool type or strategy comes or goes, the MCP server re-publishes pool_spawn and
                // pool_route_execute (their schemas list the deployed ones); a call in that instant is answered
                // "Unknown tool". Counted and reported, then asked again.
                unknownToolAnswers.incrementAndGet();
                last = Map.of("mcp_error", String.valueOf(e.getMessage()));
            }
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + DEPLOY_WAIT_SECONDS + " s; last answer " + last);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void record(String what, long sinceNanos) throws IOException {
        report(what + ": " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos) + " ms");
    }

    private static void report(String line) throws IOException {
        System.out.println(line);
        Path report = Path.of(System.getProperty("mahavishnu.workdir")).getParent()
                .resolve("plugin-kit-measurements.txt");
        Files.writeString(report, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
