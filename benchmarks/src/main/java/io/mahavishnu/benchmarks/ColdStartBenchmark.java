package io.mahavishnu.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wall time from launching the JVM to "ready": the Mahavishnu distribution until its MCP endpoint answers an
 * {@code initialize} request, against a bare Felix with SCR and the Gogo shell until the shell has run a command.
 * Each measurement starts a new JVM with an empty framework cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 8)
@Fork(1)
public class ColdStartBenchmark {

    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\","
            + "\"version\":\"1\"}}}";

    private Path distribution;
    private Path bareFelix;
    private int port;
    private Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path dist = Path.of(System.getenv().getOrDefault("MAHAVISHNU_DISTRIBUTION", "../distribution/target/mahavishnu"));
        distribution = Files.createTempDirectory("mahavishnu-dist");
        copy(dist, distribution);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        bareFelix = Files.createTempDirectory("bare-felix");
        Files.createDirectories(bareFelix.resolve("bundle"));
        Files.copy(dist.resolve("bin/felix.jar"), bareFelix.resolve("felix.jar"));
        try (Stream<Path> jars = Files.list(dist.resolve("bundle"))) {
            for (Path jar : jars.toList()) {
                String n = jar.getFileName().toString();
                if (n.startsWith("org.apache.felix.scr") || n.startsWith("org.apache.felix.gogo")
                        || n.startsWith("jline") || n.startsWith("org.osgi.service.component")
                        || n.startsWith("org.osgi.util.promise") || n.startsWith("org.osgi.util.function")) {
                    Files.copy(jar, bareFelix.resolve("bundle").resolve(n));
                }
            }
        }
        // Gogo's built-in profile fails without a terminal (see the distribution's etc/gosh_profile): a minimal one,
        // and the command as a script file.
        Files.createDirectories(bareFelix.resolve("etc"));
        Files.writeString(bareFelix.resolve("etc/gosh_profile"), "SCOPE = 'gogo:*'\n");
        Files.writeString(bareFelix.resolve("etc/ready.gosh"), "echo READY\n");
        Files.writeString(bareFelix.resolve("config.properties"), "org.osgi.framework.storage=" + bareFelix
                + "/cache\norg.osgi.framework.storage.clean=onFirstInit\nfelix.auto.deploy.dir=" + bareFelix
                + "/bundle\nfelix.auto.deploy.action=install,start\n");
    }

    @TearDown(Level.Invocation)
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    @TearDown(Level.Trial)
    public void cleanUp() throws IOException {
        delete(distribution);
        delete(bareFelix);
    }

    @Benchmark
    public int mahavishnuDistributionUntilMcpAnswers() throws Exception {
        delete(distribution.resolve("data"));
        List<String> cmd = new ArrayList<>(List.of(java(), "-Dmahavishnu.home=" + distribution,
                "-Dgosh.home=" + distribution, "-Dgosh.args=--nointeractive", "-Dorg.jline.terminal.dumb=true",
                "-Dfelix.config.properties=file:" + distribution.resolve("conf/config.properties"),
                "-Dorg.osgi.service.http.port=" + port, "-jar", distribution.resolve("bin/felix.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("MAHAVISHNU_MCP_PORT", Integer.toString(port));
        process = pb.start();
        HttpRequest init = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INIT)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(init, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return r.statusCode();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the distribution's MCP endpoint did not answer within 60 s");
    }

    @Benchmark
    public String bareFelixScrAndGogo() throws Exception {
        delete(bareFelix.resolve("cache"));
        process = new ProcessBuilder(java(), "-Dfelix.config.properties=file:" + bareFelix.resolve("config.properties"),
                "-Dorg.jline.terminal.dumb=true", "-Dgosh.home=" + bareFelix,
                "-Dgosh.args=--nointeractive " + bareFelix.resolve("etc/ready.gosh"),
                "-jar", bareFelix.resolve("felix.jar").toString()).redirectErrorStream(true).start();
        Process started = process; // a start that hangs ends the measurement with an error instead of blocking it
        java.util.concurrent.CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(started::destroyForcibly);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null;) {
                if (line.contains("READY")) {
                    return line;
                }
            }
        }
        throw new IllegalStateException("bare Felix exited without running the shell command");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
