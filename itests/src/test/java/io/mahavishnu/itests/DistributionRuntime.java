package io.mahavishnu.itests;

import io.mahavishnu.itests.fakes.Fakes;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Host-side test helper: a private copy of the built distribution on a free loopback port, started, stopped and
 * killed (SIGKILL) as separate processes with bounded waits.
 */
final class DistributionRuntime {

    private static final long WAIT_SECONDS = 120;

    final Path home;
    private final int port;

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

    /** Graceful stop; safe to call when not running. */
    void stop() throws Exception {
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
