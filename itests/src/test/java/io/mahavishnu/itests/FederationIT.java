package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.Test;

/**
 * Federation as users run it: two runtimes on one redis-server, each with the federation feature and configured by
 * etc/*.cfg files. Runtime A runs in this JVM; runtime B in a process of its own, so that it can be killed.
 * A routes to a pool that exists only on B and gets the result; prefer_local keeps tasks on A's own pool while it
 * has an idle worker; B is killed in the middle of a task and A reports the failure within the runtime timeout and
 * stops listing B's pool; B restarts and its pool comes back.
 */
public class FederationIT {

    private static final long TIMEOUT_SECONDS = 60;

    static Map<String, String> configs(int redisPort) throws IOException {
        return Map.of("io.mahavishnu.bus", "bus_transport = redis\n",
                "io.mahavishnu.bus.redis", "redis_port = " + redisPort + "\nredis_key_prefix = fed:\n"
                        + "redis_reconnect_max_backoff_ms = 200\n",
                "io.mahavishnu.federation", "heartbeat_interval_seconds = 1\nruntime_timeout_seconds = 3\n"
                        + "accept_timeout_seconds = 5\n",
                "io.mahavishnu.mcp", "port = " + freePort() + "\n");
    }

    static Path home(String name, int redisPort) throws IOException {
        Path work = Files.createDirectories(Path.of(System.getProperty("mahavishnu.workdir")));
        Path home = Files.createTempDirectory(work, name);
        Path etc = Files.createDirectories(home.resolve("etc"));
        for (Map.Entry<String, String> c : configs(redisPort).entrySet()) {
            Files.writeString(etc.resolve(c.getKey() + ".cfg"), c.getValue());
        }
        // Each runtime logs to a file of its own, kept with the test's work folder for when a run fails.
        Files.writeString(etc.resolve("org.ops4j.pax.logging.cfg"), String.join("\n",
                "log4j2.rootLogger.level = INFO", "log4j2.rootLogger.appenderRef.file.ref = file",
                "log4j2.appender.file.type = File", "log4j2.appender.file.name = file",
                "log4j2.appender.file.fileName = " + home.resolve("data/log/runtime.log"),
                "log4j2.appender.file.layout.type = PatternLayout",
                "log4j2.appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{1} - %m%n", ""));
        return home;
    }

    @Test
    public void routesToAnotherRuntimeSurvivesItsCrashAndSeesItComeBack() throws Exception {
        File bundles = new File(System.getProperty("mahavishnu.federation.bundles"));
        try (RedisServerProcess redis = RedisServerProcess.started()) {
            Path homeB = home("b", redis.port());
            RuntimeProcess b = RuntimeProcess.start(homeB, bundles, "on-b");
            try (FelixRuntime a = FelixRuntime.start(home("a", redis.port()), bundles, Map.of())) {
                PoolManager manager = a.service(PoolManager.class);
                String poolB = b.pools.get("on-b");

                // A lists B's pool, marked with B's runtime id, and routes a task there (A has no pool of its own)
                PoolInfo remote = await(() -> manager.get(poolB), "runtime A lists pool " + poolB + " of B");
                assertThat(remote.runtimeId()).isEqualTo(b.runtimeId);
                TaskResult viaB = manager.route(Task.ofPrompt("hello from A"), RouteOptions.DEFAULT)
                        .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(viaB.status()).isEqualTo(TaskStatus.COMPLETED);
                assertThat(viaB.output()).isEqualTo("hello from A");
                assertThat(viaB.poolId()).isEqualTo(poolB);
                assertThat(viaB.metadata()).containsEntry("runtime_id", b.runtimeId);
                assertThat(viaB.route()).isNotNull();

                // prefer_local: A's own pool takes the task while it has an idle worker
                String poolA = manager.spawn(PoolConfig.builder().name("on-a").workerType("noop").minWorkers(1)
                        .maxWorkers(1).build()).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).poolId();
                TaskResult local = manager.route(Task.ofPrompt("stay here"), RouteOptions.DEFAULT)
                        .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(local.poolId()).isEqualTo(poolA);
                assertThat(local.metadata()).doesNotContainKey("runtime_id");

                // B is killed while it runs a task of A's: A reports it once B's heartbeats stop, and drops B
                CompletableFuture<TaskResult> longTask = manager.execute(poolB, Task.builder().prompt("long")
                        .attribute("delay_ms", "120000").timeoutSeconds(300).build()).toCompletableFuture();
                await(() -> manager.get(poolB).filter(p -> p.metrics().inFlight() > 0),
                        "B announces the task as running");
                b.kill();
                TaskResult lost = longTask.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(lost.status()).isEqualTo(TaskStatus.FAILED);
                assertThat(lost.error()).contains("runtime " + b.runtimeId + " was lost (no heartbeat for");
                assertThat(manager.get(poolB)).isEmpty();
                TaskResult afterLoss = manager.route(Task.ofPrompt("after"), RouteOptions.DEFAULT)
                        .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(afterLoss.poolId()).isEqualTo(poolA);

                // B starts again from its folder: same runtime id, its pool comes back and takes tasks again
                String idOfB = b.runtimeId;
                b = RuntimeProcess.start(homeB, bundles);
                assertThat(b.runtimeId).as("B's runtime id after its restart").isEqualTo(idOfB);
                assertThat(b.pools).containsEntry("on-b", poolB);
                PoolInfo back = await(() -> manager.get(poolB), "pool " + poolB + " of B is listed again");
                assertThat(back.runtimeId()).isEqualTo(idOfB);
                TaskResult again = manager.execute(poolB, Task.ofPrompt("welcome back"))
                        .toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(again.status()).isEqualTo(TaskStatus.COMPLETED);
                assertThat(again.metadata()).containsEntry("runtime_id", idOfB);
            } finally {
                b.close();
            }
        }
    }

    static <T> T await(java.util.function.Supplier<Optional<T>> probe, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        Optional<T> v;
        while ((v = probe.get()).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50); // another process announces it: poll with a deadline
        }
        return v.get();
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        await(() -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), what);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
