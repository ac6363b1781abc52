package io.mahavishnu.itests;

import io.mahavishnu.itests.fakes.Fakes;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.io.IOException;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Host-side test helper: a private copy of the built distribution on a free loopback port, started, stopped and
 * killed (SIGKILL) as separate processes with bounded waits.
 */
final class DistributionRuntime {

    private static final long WAIT_SECONDS = 120;

    final Path home;
    private final int port;
    private final List<McpSyncClient> clients = new ArrayList<>();

    DistributionRuntime(Path work) throws IOException {
        this.home = work.resolve("mahavishnu");
        copyTree(Path.of(System.getProperty("mahavishnu.distribution.dir")), home);
        this.port = Fakes.freePort();
        Files.writeString(home.resolve("etc/io.mahavishnu.mcp.cfg"), "\nport = " + port + "\n",
                StandardOpenOption.APPEND);
        Path conf = home.resolve("conf/config.properties");
        Files.writeString(conf, Files.readString(conf).replace("org.osgi.service.http.port=8680",
                "org.osgi.service.http.port=" + port));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    void start() throws Exception {
        run("start");
        awaitEndpoint();
    }

    /** Graceful stop, after closing the MCP clients of {@link #client}; safe to call when not running. */
    void stop() throws Exception {
        closeClients();
        run("stop");
        pid().flatMap(ProcessHandle::of).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        });
    }

    /** SIGKILL of the runtime's JVM, as {@code kill -9} would. */
    void kill() throws IOException {
        ProcessHandle p = pid().flatMap(ProcessHandle::of)
                .orElseThrow(() -> new AssertionError("the runtime does not run"));
        p.destroyForcibly();
        p.onExit().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    /**
     * @param name the client's name in its MCP handshake
     * @return an initialized MCP client of the runtime's Streamable HTTP endpoint, closed by {@link #stop()}
     */
    McpSyncClient client(String name) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl())
                .endpoint("/mcp").jsonMapper(new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()))
                .build();
        McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(WAIT_SECONDS))
                .clientInfo(new McpSchema.Implementation(name, "1")).build();
        synchronized (clients) {
            clients.add(c);
        }
        c.initialize();
        return c;
    }

    /** Closes the clients made by {@link #client} (e.g. those of a runtime that was killed). */
    void closeClients() {
        synchronized (clients) {
            clients.forEach(McpSyncClient::close);
            clients.clear();
        }
    }

    /** @return a tool's structured result */
    @SuppressWarnings("unchecked")
    static Map<String, Object> call(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(tool, args));
        return (Map<String, Object>) r.structuredContent();
    }

    /** Polls (bounded) a condition about other processes, which have no event to wait on. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // the runtime is still coming up
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT_SECONDS + " s waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(home.resolve("data/mahavishnu.pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void run(String command) throws Exception {
        Path log = home.resolve("data/" + command + "-" + System.nanoTime() + ".log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(home.resolve("bin/mahavishnu").toString(), command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("bin/mahavishnu " + command + " did not finish within " + WAIT_SECONDS
                        + " s: " + Files.readString(log));
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private void awaitEndpoint() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String url = baseUrl() + "/mcp";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() != 404) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the runtime's MCP endpoint did not answer at " + url);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** Copies a distribution folder, keeping {@code bin/mahavishnu} executable. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        new File(to.toFile(), "bin/mahavishnu").setExecutable(true);
    }
}
