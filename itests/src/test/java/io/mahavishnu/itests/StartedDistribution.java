package io.mahavishnu.itests;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of the built distribution ({@code distribution/target/mahavishnu}) in a fresh folder, started as a user
 * starts it ({@code bin/mahavishnu start}) with its HTTP/MCP server on a free loopback port, driven through MCP.
 * {@link #close()} runs {@code bin/mahavishnu stop} (which kills the runtime if it does not stop in time).
 */
final class StartedDistribution implements AutoCloseable {

    private static final long START_SECONDS = 120;

    private final Path work;
    private final Path home;
    private final int port;
    private final List<McpSyncClient> clients = new ArrayList<>();
    private Process start;

    private StartedDistribution(Path work) throws IOException {
        this.work = work;
        this.home = work.resolve("mahavishnu");
        this.port = freePort();
    }

    /** Copies the distribution and starts it; stops it again if it does not come up. */
    static StartedDistribution start(String name) throws Exception {
        StartedDistribution d = new StartedDistribution(
                Path.of(System.getProperty("mahavishnu.workdir"), name + "-" + UUID.randomUUID()));
        try {
            d.install();
            d.launch();
            return d;
        } catch (Exception | AssertionError e) {
            d.close();
            throw e;
        }
    }

    private void install() throws IOException {
        Path from = Path.of(System.getProperty("mahavishnu.distribution.dir"));
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = home.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        home.resolve("bin/mahavishnu").toFile().setExecutable(true);
        Files.writeString(home.resolve("etc/io.mahavishnu.mcp.cfg"), "\nport = " + port + "\n",
                StandardOpenOption.APPEND);
        Path conf = home.resolve("conf/config.properties");
        Files.writeString(conf, Files.readString(conf).replace("org.osgi.service.http.port=8680",
                "org.osgi.service.http.port=" + port));
    }

    private void launch() throws Exception {
        start = new ProcessBuilder(home.resolve("bin/mahavishnu").toString(), "start").redirectErrorStream(true)
                .redirectOutput(work.resolve("start.log").toFile()).start();
        if (!start.waitFor(START_SECONDS, TimeUnit.SECONDS) || start.exitValue() != 0) {
            throw new AssertionError("bin/mahavishnu start failed: " + Files.readString(work.resolve("start.log")));
        }
        awaitEndpoint();
    }

    /** The runtime is in another process: polls (bounded) until its MCP servlet answers. */
    private void awaitEndpoint() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (true) {
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(endpoint())).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 404) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the MCP endpoint did not answer at " + endpoint() + " within "
                        + START_SECONDS + " s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    Path home() {
        return home;
    }

    Path deploy() {
        return home.resolve("deploy");
    }

    /**
     * Drops a bundle into {@code deploy/} the way a careful user does: copied next to it under a name the hot
     * folder ignores, then renamed into it, so the runtime never sees a half-written jar.
     *
     * @return the jar in deploy/
     */
    Path drop(Path jar, String name) throws IOException {
        Path staging = work.resolve(name + ".part");
        Files.copy(jar, staging, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(staging, deploy().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return a new initialized MCP client; closed with the distribution */
    McpSyncClient client() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + port).endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper())).build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120))
                .clientInfo(new McpSchema.Implementation("plugin-kit-it", "1")).build();
        client.initialize();
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    @Override
    public void close() throws Exception {
        synchronized (clients) {
            for (McpSyncClient c : clients) {
                c.close();
            }
        }
        if (Files.exists(home.resolve("bin/mahavishnu"))) {
            Process stop = new ProcessBuilder(home.resolve("bin/mahavishnu").toString(), "stop")
                    .redirectErrorStream(true).redirectOutput(work.resolve("stop.log").toFile()).start();
            if (!stop.waitFor(90, TimeUnit.SECONDS)) {
                stop.destroyForcibly();
            }
        }
        if (start != null) {
            start.destroyForcibly();
        }
    }

    /** @return the structured content of a tool call, failing with the tool's error if it reported one */
    @SuppressWarnings("unchecked")
    static Map<String, Object> ok(McpSyncClient client, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
        Map<String, Object> content = (Map<String, Object>) r.structuredContent();
        if (Boolean.TRUE.equals(r.isError())) {
            throw new AssertionError(tool + " " + args + " failed: " + content);
        }
        return content;
    }

    /** @return the structured content of a tool call, error or not */
    @SuppressWarnings("unchecked")
    static Map<String, Object> call(McpSyncClient client, String tool, Map<String, Object> args) {
        return (Map<String, Object>) client.callTool(new McpSchema.CallToolRequest(tool, args)).structuredContent();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
