package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * An independent MCP client, the official TypeScript SDK (pinned in src/test/node/package-lock.json), against the
 * built distribution started as a user would ({@code bin/mahavishnu start}) on a free loopback port.
 * Needs {@code node} and {@code npm} on the PATH ({@code .ci/run} installs them).
 */
public class McpNodeClientIT {

    private static final long STEP_SECONDS = 300;

    @Test
    public void theTypeScriptSdkClientDrivesThePoolTools() throws Exception {
        Path work = Path.of(System.getProperty("mahavishnu.workdir"), "node-" + UUID.randomUUID());
        Path home = work.resolve("mahavishnu");
        copyTree(Path.of(System.getProperty("mahavishnu.distribution.dir")), home);
        int port = freePort();
        Files.writeString(home.resolve("etc/io.mahavishnu.mcp.cfg"), "\nport = " + port + "\n",
                StandardOpenOption.APPEND);
        Path conf = home.resolve("conf/config.properties");
        Files.writeString(conf, Files.readString(conf).replace("org.osgi.service.http.port=8680",
                "org.osgi.service.http.port=" + port));

        Path client = work.resolve("node-client");
        Files.createDirectories(client);
        for (String f : List.of("package.json", "package-lock.json", "mcp-client-check.mjs")) {
            Files.copy(Path.of(System.getProperty("mahavishnu.node.dir"), f), client.resolve(f));
        }
        run(client, work.resolve("npm.log"), "npm", "ci", "--no-audit", "--no-fund");

        Process start = null;
        try {
            start = new ProcessBuilder(home.resolve("bin/mahavishnu").toString(), "start")
                    .redirectErrorStream(true).redirectOutput(work.resolve("start.log").toFile()).start();
            String url = "http://127.0.0.1:" + port + "/mcp";
            awaitEndpoint(url);
            Path out = work.resolve("node-client.log");
            int rc = run(client, out, "node", "mcp-client-check.mjs", url);
            String log = Files.readString(out);
            assertThat(log).as(log).contains("0 failed").doesNotContain("FAIL");
            assertThat(rc).as(log).isZero();
        } finally {
            Process stop = new ProcessBuilder(home.resolve("bin/mahavishnu").toString(), "stop")
                    .redirectErrorStream(true).redirectOutput(work.resolve("stop.log").toFile()).start();
            stop.waitFor(60, TimeUnit.SECONDS);
            if (start != null) {
                start.destroy();
            }
        }
    }

    /** The runtime starts in another process: polls (bounded) until its MCP servlet answers. */
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
                throw new AssertionError("the distribution's MCP endpoint did not answer at " + url + " within 120 s");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static int run(Path dir, Path log, String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed for this test: install nodejs and npm (.ci/run does)",
                    e);
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

    private static void copyTree(Path from, Path to) throws IOException {
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
