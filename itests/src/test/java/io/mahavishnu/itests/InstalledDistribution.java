package io.mahavishnu.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A private copy of the built distribution, listening on a free loopback port, started as a user would
 * ({@code bin/mahavishnu start}) and stopped on {@link #close()}; plus running external clients (node scripts with
 * their pinned npm dependencies) against it. Each step is bounded in time.
 */
final class InstalledDistribution implements AutoCloseable {

    private static final long STEP_SECONDS = 300;

    final Path work;
    final Path home;
    final int port;
    private boolean started;

    /** Copies the distribution into a fresh folder under the IT work directory and moves it to a free port. */
    InstalledDistribution(String name) throws IOException {
        work = Path.of(System.getProperty("mahavishnu.workdir"), name + "-" + UUID.randomUUID());
        home = work.resolve("mahavishnu");
        DistributionRuntime.copyTree(Path.of(System.getProperty("mahavishnu.distribution.dir")), home);
        port = freePort();
        Files.writeString(home.resolve("etc/io.mahavishnu.mcp.cfg"), "\nport = " + port + "\n",
                StandardOpenOption.APPEND);
        Path conf = home.resolve("conf/config.properties");
        Files.writeString(conf, Files.readString(conf).replace("org.osgi.service.http.port=8680",
                "org.osgi.service.http.port=" + port));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Runs the TypeScript SDK check ({@code src/test/node/mcp-client-check.mjs}, its locked dependencies installed
     * first) with the given arguments.
     *
     * @return its output, once every check passed and it exited with 0
     */
    String nodeCheck(String name, String... args) throws Exception {
        Path client = nodeClient(Path.of(System.getProperty("mahavishnu.node.dir")),
                List.of("package.json", "package-lock.json", "mcp-client-check.mjs"));
        Path out = work.resolve(name + ".log");
        List<String> command = new java.util.ArrayList<>(List.of("node", "mcp-client-check.mjs"));
        command.addAll(List.of(args));
        int rc = run(client, out, command.toArray(String[]::new));
        String log = Files.readString(out);
        org.assertj.core.api.Assertions.assertThat(log).as(log).contains("0 failed").doesNotContain("FAIL");
        org.assertj.core.api.Assertions.assertThat(rc).as(log).isZero();
        return log;
    }

    /** Copies a node client's files and installs its locked dependencies; @return its folder */
    Path nodeClient(Path source, List<String> files) throws Exception {
        Path client = work.resolve("node-client");
        Files.createDirectories(client);
        for (String f : files) {
            Files.copy(source.resolve(f), client.resolve(f));
        }
        int rc = run(client, work.resolve("npm.log"), "npm", "ci", "--no-audit", "--no-fund");
        if (rc != 0) {
            throw new AssertionError("npm ci failed: " + Files.readString(work.resolve("npm.log")));
        }
        return client;
    }

    /** Starts the runtime in the background and waits until {@code path} answers (anything but 404). */
    void start(String path) throws Exception {
        new ProcessBuilder(home.resolve("bin/mahavishnu").toString(), "start").redirectErrorStream(true)
                .redirectOutput(work.resolve("start.log").toFile()).start().waitFor(STEP_SECONDS, TimeUnit.SECONDS);
        started = true;
        awaitEndpoint(baseUrl() + path);
    }

    @Override
    public void close() throws Exception {
        if (started) {
            Process stop = new ProcessBuilder(home.resolve("bin/mahavishnu").toString(), "stop")
                    .redirectErrorStream(true).redirectOutput(work.resolve("stop.log").toFile()).start();
            stop.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** The runtime starts in another process: polls (bounded) until its servlet answers. */
    private static void awaitEndpoint(String url) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 404) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the distribution did not answer at " + url + " within 120 s");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** Runs a command to its end (bounded); @return its exit code, output in {@code log} */
    static int run(Path dir, Path log, String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed for this test: install it (.ci/run does)", e);
        }
        try {
            if (!p.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish within " + STEP_SECONDS
                        + " s; output: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
