package io.mahavishnu.itests;

import static io.mahavishnu.itests.DistributionRuntime.await;
import static io.mahavishnu.itests.DistributionRuntime.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.itests.fakes.FakeMcpServer;
import io.mahavishnu.itests.fakes.Fakes;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The built distribution as a user runs it ({@code bin/mahavishnu start}), with the fake Session-Buddy and Akosha:
 * memory survives a Session-Buddy outage plus a restart of the runtime, and a kill -9 in the middle of a delivery;
 * every item arrives, each id once (re-sends are counted and must stay rare).
 */
public class MemoryDistributionIT {

    private final Fakes fakes = Fakes.get();
    private DistributionRuntime runtime;

    @Before
    public void setUp() throws Exception {
        fakes.reset();
        runtime = new DistributionRuntime(Path.of(System.getProperty("mahavishnu.workdir"), "memdist-" + UUID.randomUUID()));
        Path memoryCfg = runtime.home.resolve("etc/io.mahavishnu.memory.cfg");
        Files.writeString(memoryCfg, "\nsession_buddy_pool_url = " + fakes.sessionBuddyServer.url()
                + "\nakosha_url = " + fakes.akoshaServer.url()
                + "\nmemory_sync_interval = 10\nbreaker_open_seconds = 1\nretry_max_millis = 2000\n",
                StandardOpenOption.APPEND);
        Files.writeString(runtime.home.resolve("etc/io.mahavishnu.pool.sessionbuddy.cfg"),
                "\nsession_buddy_url = " + fakes.sessionBuddyServer.url() + "\n", StandardOpenOption.APPEND);
    }

    @After
    public void tearDown() throws Exception {
        runtime.stop();
        fakes.sessionBuddyServer.mode(FakeMcpServer.Mode.OK, 0);
        fakes.sessionBuddyServer.up();
    }

    @Test
    public void memoryOutlivesASessionBuddyOutageAndARestartAndArrivesOnceByIdAndIsFound() throws Exception {
        runtime.start();
        McpSyncClient c = runtime.client("memory-dist-it");
        Map<String, Object> sb = call(c, "pool_spawn", Map.of("pool_type", "session-buddy", "name", "buddy",
                "worker_type", "terminal-claude"));
        String sbPool = (String) sb.get("pool_id");
        assertThat(sb).as(sb.toString()).containsEntry("status", "created");
        Map<String, Object> routed = call(c, "pool_route_execute", Map.of("prompt", "hello buddy",
                "pool_selector", "affinity", "pool_affinity", sbPool));
        assertThat(routed).containsEntry("status", "completed").containsEntry("output", "echo: hello buddy");
        await("the session-buddy pool's memory reached Session-Buddy", () -> storedFor(fakes, sbPool) == 1);

        fakes.sessionBuddyServer.down();
        String local = (String) call(c, "pool_spawn", Map.of("pool_type", "mahavishnu", "worker_type", "noop",
                "name", "local", "max_workers", 4)).get("pool_id");
        for (int i = 0; i < 10; i++) {
            assertThat(call(c, "pool_execute", Map.of("pool_id", local, "prompt", "quokka task " + i)))
                    .containsEntry("status", "completed");
        }
        await("10 items wait in the outbox", () -> sinkFigure(c, local, "pending") == 10);

        runtime.stop();
        runtime.start();
        fakes.sessionBuddyServer.up();
        McpSyncClient after = runtime.client("memory-dist-it");
        await("every item arrived after the restart", () -> storedFor(fakes, local) == 10);
        await("the outbox marks them delivered", () -> sinkFigure(after, local, "pending") == 0
                && sinkFigure(after, local, "delivered") == 10);
        assertThat(resends(fakes, local)).as("no item was sent twice").isZero();
        Map<String, Object> found = call(after, "pool_search_memory", Map.of("query", "quokka task",
                "pool_ids", List.of(local)));
        assertThat((List<?>) found.get("results")).hasSize(10);
    }

    @Test
    public void killMinus9DuringADeliveryLosesNothing() throws Exception {
        runtime.start();
        McpSyncClient c = runtime.client("memory-dist-it");
        String local = (String) call(c, "pool_spawn", Map.of("pool_type", "mahavishnu", "worker_type", "noop",
                "name", "killed", "max_workers", 4)).get("pool_id");
        fakes.sessionBuddyServer.mode(FakeMcpServer.Mode.SLOW, 300);
        for (int i = 0; i < 20; i++) {
            call(c, "pool_execute", Map.of("pool_id", local, "prompt", "wombat task " + i));
        }
        await("all 20 in the outbox and the delivery under way", () -> sinkFigure(c, local, "pending")
                + sinkFigure(c, local, "delivered") == 20 && storedFor(fakes, local) >= 3);
        int before = storedFor(fakes, local);
        runtime.kill();
        assertThat(before).as("killed in the middle of the delivery").isLessThan(20);

        fakes.sessionBuddyServer.mode(FakeMcpServer.Mode.OK, 0);
        runtime.start();
        McpSyncClient after = runtime.client("memory-dist-it");
        await("every item arrived after the kill", () -> storedFor(fakes, local) == 20);
        await("the outbox marks them delivered", () -> sinkFigure(after, local, "delivered") == 20);
        int resends = resends(fakes, local);
        System.out.println("kill -9 during delivery: " + before + " of 20 stored before the kill, " + resends
                + " re-sent after the restart");
        assertThat(resends).as("only an item in flight at the kill may be sent again").isLessThanOrEqualTo(1);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static int storedFor(Fakes fakes, String poolId) {
        return (int) ((List<String>) fakes.sessionBuddy.state().get("stored")).stream()
                .filter(id -> id.startsWith(poolId + ":")).count();
    }

    @SuppressWarnings("unchecked")
    static int resends(Fakes fakes, String poolId) {
        Map<String, Integer> counts = (Map<String, Integer>) fakes.sessionBuddy.state().get("store_counts");
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(poolId + ":"))
                .mapToInt(e -> e.getValue() - 1).sum();
    }

    @SuppressWarnings("unchecked")
    static long sinkFigure(McpSyncClient c, String poolId, String figure) {
        Map<String, Object> monitor = call(c, "pool_monitor", Map.of("pool_ids", List.of(poolId)));
        Map<String, Object> memory = (Map<String, Object>) ((Map<String, Object>) monitor.get(poolId)).get("memory");
        Map<String, Object> sink = (Map<String, Object>) ((Map<String, Object>) memory.get("sinks"))
                .get("session-buddy");
        return ((Number) sink.get(figure)).longValue();
    }
}
