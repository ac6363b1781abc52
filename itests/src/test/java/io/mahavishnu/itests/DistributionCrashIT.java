package io.mahavishnu.itests;

import static io.mahavishnu.itests.DistributionRuntime.await;
import static io.mahavishnu.itests.DistributionRuntime.call;
import static io.mahavishnu.itests.MemoryDistributionIT.sinkFigure;
import static io.mahavishnu.itests.MemoryDistributionIT.storedFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.itests.fakes.Fakes;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The built distribution killed with SIGKILL while MCP clients keep it busy, then started again: every call a
 * client made got an answer, either the task's result or an error (none hangs, none vanishes); the pools come back
 * with their ids and sizes and take tasks again; the memory outbox is drained to its sink.
 */
public class DistributionCrashIT {

    private static final int CLIENTS = 4;

    private final Fakes fakes = Fakes.get();
    private DistributionRuntime runtime;

    @Before
    public void setUp() throws Exception {
        fakes.reset();
        runtime = new DistributionRuntime(Path.of(System.getProperty("mahavishnu.workdir"), "crash-" + UUID.randomUUID()));
        append("etc/io.mahavishnu.memory.cfg", "session_buddy_pool_url = " + fakes.sessionBuddyServer.url(),
                "akosha_url = " + fakes.akoshaServer.url(), "memory_sync_interval = 10", "collect_delay_millis = 100");
        // The load is far beyond the default request quota of a caller kind (60 per minute).
        append("etc/io.mahavishnu.manager.cfg", "quota_requests = 1000000", "quota_window_seconds = 1");
    }

    private void append(String file, String... lines) throws Exception {
        Files.writeString(runtime.home.resolve(file), "\n" + String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
    }

    @After
    public void tearDown() throws Exception {
        runtime.stop();
    }

    @Test
    public void killMinus9UnderLoadLosesNoCallNoPoolAndNoCollectedMemory() throws Exception {
        runtime.start();
        McpSyncClient admin = runtime.client("crash-it-admin");
        String a = spawn(admin, "crash-a", 4);
        String b = spawn(admin, "crash-b", 2);
        assertThat(call(admin, "pool_scale", Map.of("pool_id", a, "target_workers", 3)))
                .containsEntry("status", "scaled");

        Load load = new Load(runtime, CLIENTS);
        await("a few hundred routed tasks completed", () -> load.completed.get() >= 300);
        runtime.kill();
        load.awaitEnd();
        runtime.closeClients();

        System.out.printf("kill -9 under load: %d calls made, %d completed, %d failed results, %d errors "
                + "(the calls in flight at the kill)%n", load.calls.get(), load.completed.get(),
                load.failed.get(), load.errors.get());
        // awaitEnd returned: no call hung on the dead runtime. Each client stops at its first error, so exactly one
        // error per client means every call before it came back with a result.
        assertThat(load.errors.get()).as("each client's call in flight at the kill came back as an error")
                .isEqualTo(CLIENTS);
        assertThat(load.failed.get()).as("no task failed before the kill: %s", load.failures).isZero();

        runtime.start();
        McpSyncClient after = runtime.client("crash-it-after");
        Map<String, Map<String, Object>> pools = pools(after);
        assertThat(pools).containsOnlyKeys(a, b);
        await("both pools run again", () -> pools(after).values().stream().allMatch(p -> "running".equals(p.get("status"))));
        assertThat(pools(after).get(a)).containsEntry("workers", 3).containsEntry("name", "crash-a");
        assertThat(pools(after).get(b)).containsEntry("workers", 1).containsEntry("name", "crash-b");
        for (int i = 0; i < 20; i++) {
            assertThat(call(after, "pool_route_execute", Map.of("prompt", "after the crash " + i)))
                    .containsEntry("status", "completed").containsEntry("output", "after the crash " + i);
        }

        for (String pool : List.of(a, b)) {
            await("the outbox of " + pool + " is drained", () -> sinkFigure(after, pool, "pending") == 0
                    && sinkFigure(after, pool, "parked") == 0 && sinkFigure(after, pool, "delivered") > 0);
            long delivered = sinkFigure(after, pool, "delivered");
            assertThat(storedFor(fakes, pool)).as("what the outbox delivered reached the sink").isEqualTo(delivered);
        }
    }

    private static String spawn(McpSyncClient c, String name, int max) {
        Map<String, Object> r = call(c, "pool_spawn", Map.of("pool_type", "mahavishnu", "worker_type", "noop",
                "name", name, "min_workers", 1, "max_workers", max));
        assertThat(r).as(r.toString()).containsEntry("status", "created");
        return (String) r.get("pool_id");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> pools(McpSyncClient c) {
        List<Map<String, Object>> list = (List<Map<String, Object>>) call(c, "pool_list", Map.of()).get("pools");
        return list.stream().collect(Collectors.toMap(p -> (String) p.get("pool_id"), p -> p, (x, y) -> x,
                TreeMap::new));
    }

    /** Clients sending routed tasks back to back until one of their calls fails with an error. */
    private static final class Load {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final Set<String> failures = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final ExecutorService threads;
        private final List<Future<?>> running = new ArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();

        Load(DistributionRuntime runtime, int clients) {
            threads = Executors.newFixedThreadPool(clients);
            for (int t = 0; t < clients; t++) {
                McpSyncClient c = runtime.client("crash-it-load-" + t);
                int client = t;
                running.add(threads.submit(() -> run(c, client)));
            }
        }

        private void run(McpSyncClient c, int client) {
            for (int i = 0; !stop.get(); i++) {
                calls.incrementAndGet();
                Map<String, Object> r;
                try {
                    r = call(c, "pool_route_execute", Map.of("prompt", "load " + client + "-" + i));
                } catch (RuntimeException e) { // the runtime went away under this call or before it
                    errors.incrementAndGet();
                    return;
                }
                if ("completed".equals(r.get("status"))) {
                    completed.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    failures.add(String.valueOf(r));
                }
            }
        }

        /** Waits (bounded) until every client has seen its error: no call hangs on a dead runtime. */
        void awaitEnd() throws Exception {
            threads.shutdown();
            boolean ended = threads.awaitTermination(180, TimeUnit.SECONDS);
            stop.set(true);
            assertThat(ended).as("every client's last call returned after the kill").isTrue();
            for (Future<?> f : running) {
                f.get();
            }
        }
    }
}
