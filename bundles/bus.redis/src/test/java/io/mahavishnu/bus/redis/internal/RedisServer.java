package io.mahavishnu.bus.redis.internal;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} process for tests: on a free loopback port, without persistence, stopped by
 * {@link #close()}. {@link #kill()} and {@link #start()} restart it on the same port (with its data gone, as a
 * server without persistence loses it).
 */
final class RedisServer implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 20;

    private final int port;
    private final Path dir;
    private Process process;

    RedisServer() throws IOException {
        this.port = freePort();
        this.dir = Files.createTempDirectory("redis-test");
    }

    static RedisServer started() throws Exception {
        RedisServer server = new RedisServer();
        try {
            server.start();
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    /** Starts the server and waits until it answers PING. */
    void start() throws Exception {
        String binary = new File("/usr/bin/redis-server").canExecute() ? "/usr/bin/redis-server" : "redis-server";
        process = new ProcessBuilder(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--loglevel", "warning"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start: "
                        + Files.readString(dir.resolve("redis.log")));
            }
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server did not answer on port " + port, e);
                }
            }
            // An external process has no event to wait on: poll with a deadline.
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Kills the server (SIGKILL) and waits until it is gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** @return a new client connection (the caller closes it) */
    Jedis client() {
        return new Jedis("127.0.0.1", port);
    }

    RedisSettings settings(String runtimeId) {
        return new RedisSettings("127.0.0.1", port, "", "", false, 0, "test:", 1000, 2000, runtimeId, 30_000,
                10_000, 200, 16);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
