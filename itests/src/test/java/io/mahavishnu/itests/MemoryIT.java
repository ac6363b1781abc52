package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.RouteOptions;
import io.mahavishnu.api.memory.MemoryItem;
import io.mahavishnu.api.memory.MemoryStats;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.modelcontextprotocol.client.McpSyncClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Memory aggregation in the running product against fake Session-Buddy and Akosha servers: outages, 5xx, a hanging
 * sink, a restart of the memory bundle, search fallback, and the MCP front end.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MemoryIT extends MemoryTestSupport {

    private String localPool(String name) throws Exception {
        PoolInfo p = await(manager().spawn(PoolConfig.builder().poolType("mahavishnu").workerType("noop").name(name)
                .minWorkers(2).maxWorkers(4).build()));
        return p.poolId();
    }

    private List<String> run(String poolId, String prefix, int n) throws Exception {
        List<CompletableFuture<TaskResult>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(manager().execute(poolId, Task.ofPrompt(prefix + " " + i)).toCompletableFuture());
        }
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TaskResult r = await(all.get(i));
            assertThat(r.isSuccess()).as("task %d: %s %s", i, r.status(), r.error()).isTrue();
            prompts.add(prefix + " " + i);
        }
        return prompts;
    }

    private List<String> storedContents() throws Exception {
        return fakes().list("session-buddy", "contents");
    }

    private int storeCalls() throws Exception {
        return ((Number) fakes().state("session-buddy").get("store_calls")).intValue();
    }

    private long pending(String poolId, String sink) throws Exception {
        return memory().stats(Set.of(poolId)).sinks().get(sink).pending();
    }

    @Test
    public void tenItemsSurviveAnOutageAndARestartAndArriveOnceById() throws Exception {
        String pool = localPool("mem-outage");
        fakes().set("session-buddy", "down");
        int callsBefore = storeCalls();
        List<String> prompts = run(pool, "outage-item", 10);
        eventually("10 items wait in the outbox for session-buddy", () -> {
            try {
                return pending(pool, "session-buddy") == 10;
            } catch (Exception e) {
                return false;
            }
        });
        eventually("the session-buddy sink is found unreachable", () -> {
            try {
                String error = sink("session-buddy").lastError();
                return error != null && error.contains("unreachable");
            } catch (Exception e) {
                return false;
            }
        });

        Bundle bundle = installed("io.mahavishnu.memory");
        bundle.stop();
        bundle.start();

        fakes().set("session-buddy", "up");
        await(memory().collectAndSync());
        eventually("all 10 delivered", () -> {
            try {
                return pending(pool, "session-buddy") == 0
                        && memory().stats(Set.of(pool)).sinks().get("session-buddy").delivered() == 10;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(storedContents()).containsAll(prompts);
        List<String> ids = fakes().list("session-buddy", "stored");
        assertThat(ids.stream().filter(id -> id.startsWith(pool + ":")).count()).isEqualTo(10);
        assertThat(storeCalls() - callsBefore).as("each item sent once").isEqualTo(10);
        assertThat(memory().stats(Set.of(pool)).sinks().get("session-buddy").parked()).isZero();
        eventually("akosha counted them too", () -> {
            try {
                return fakes().list("akosha", "ids").stream().filter(id -> id.startsWith(pool + ":")).count() == 10;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    public void serverErrorsOpenTheBreakerAndItemsAreDeliveredAfterRecovery() throws Exception {
        String pool = localPool("mem-5xx");
        fakes().set("session-buddy", "fail");
        List<String> prompts = run(pool, "fivexx-item", 5);
        eventually("the breaker opens on 503s", () -> {
            try {
                MemoryStats.SinkStats s = sink("session-buddy");
                return !"closed".equals(s.breaker()) && s.lastError() != null && pending(pool, "session-buddy") == 5;
            } catch (Exception e) {
                return false;
            }
        });
        fakes().set("session-buddy", "ok");
        await(memory().collectAndSync());
        eventually("delivered after recovery", () -> {
            try {
                return pending(pool, "session-buddy") == 0 && "closed".equals(sink("session-buddy").breaker());
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(storedContents()).containsAll(prompts);
        assertThat(sink("session-buddy").parked()).isZero();
    }

    @Test
    public void aHangingSinkDoesNotBlockRoutingAndCatchesUpLater() throws Exception {
        String pool = localPool("mem-hang");
        fakes().set("session-buddy", "hang");
        List<CompletableFuture<TaskResult>> routed = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            routed.add(manager().route(Task.ofPrompt("hang-item " + i), RouteOptions.affinity(pool))
                    .toCompletableFuture());
        }
        for (CompletableFuture<TaskResult> r : routed) {
            assertThat(await(r).isSuccess()).isTrue();
        }
        assertThat(fakes().state("session-buddy").get("mode")).as("the sink still hangs").isEqualTo("hang");
        fakes().set("session-buddy", "ok");
        await(memory().collectAndSync());
        eventually("the hanging sink caught up", () -> {
            try {
                return pending(pool, "session-buddy") == 0;
            } catch (Exception e) {
                return false;
            }
        });
        Set<String> contents = new HashSet<>(storedContents());
        for (int i = 0; i < 30; i++) {
            assertThat(contents).contains("hang-item " + i);
        }
    }

    @Test
    public void searchAnswersFromTheOutboxWhileSessionBuddyIsDownAndFiltersByPool() throws Exception {
        String a = localPool("mem-search-a");
        String b = localPool("mem-search-b");
        run(a, "zebra alpha", 3);
        run(b, "zebra beta", 2);
        await(memory().collectAndSync());
        eventually("delivered", () -> {
            try {
                return pending(a, "session-buddy") == 0 && pending(b, "session-buddy") == 0;
            } catch (Exception e) {
                return false;
            }
        });
        List<MemoryItem> remote = await(memory().search("zebra", 50, Set.of(a)));
        assertThat(remote).hasSize(3).allMatch(h -> h.poolId().equals(a))
                .allMatch(h -> "session-buddy".equals(h.metadata().get("source")));

        fakes().set("session-buddy", "down");
        List<MemoryItem> local = await(memory().search("zebra", 50, Set.of()));
        assertThat(local).extracting(MemoryItem::poolId).contains(a, b);
        assertThat(local).allMatch(h -> "outbox".equals(h.metadata().get("source")));
        assertThat(await(memory().search("zebra beta", 50, Set.of(b)))).hasSize(2)
                .allMatch(h -> h.poolId().equals(b));
    }

    @Test
    public void shellCommandsShowStatsSyncSearchAndRetryParkedItems() throws Exception {
        String pool = localPool("mem-shell");
        run(pool, "shell-memory mango", 2);
        org.apache.felix.service.command.CommandProcessor processor =
                service(org.apache.felix.service.command.CommandProcessor.class);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true);
        try (org.apache.felix.service.command.CommandSession session = processor.createSession(
                new java.io.ByteArrayInputStream(new byte[0]), print, print)) {
            assertThat(String.valueOf(session.execute("memory:sync"))).contains("session-buddy")
                    .contains("PENDING").contains("DELIVERED");
            assertThat(String.valueOf(session.execute("memory:stats"))).contains("akosha").contains("closed");
            String found = String.valueOf(session.execute("memory:search mango 10 " + pool));
            assertThat(found).startsWith("2 hits").contains(pool);
            assertThat(String.valueOf(session.execute("memory:parked session-buddy"))).startsWith("0 parked");
            assertThat(String.valueOf(session.execute("memory:retry session-buddy"))).startsWith("0 parked");
            assertThatThrownBy(() -> session.execute("memory:parked nosuchsink"))
                    .satisfies(e -> assertThat(e.toString())
                            .startsWith("Error: sink must be one of: akosha, session-buddy").contains("nosuchsink"));
        }
    }

    @Test
    public void mcpMonitorShowsMemoryPerSinkAndSearchTakesPoolIds() throws Exception {
        String pool = localPool("mem-mcp");
        run(pool, "mcp-memory kiwi", 2);
        await(memory().collectAndSync());
        McpSyncClient c = client();
        Map<String, Object> monitor = structured(call(c, "pool_monitor", Map.of("pool_ids", List.of(pool))));
        Map<String, Object> entry = map(monitor.get(pool));
        Map<String, Object> sinks = map(map(entry.get("memory")).get("sinks"));
        assertThat(sinks).containsKeys("session-buddy", "akosha");
        assertThat(map(sinks.get("session-buddy"))).containsKeys("pending", "delivered", "parked", "breaker");
        Map<String, Object> found = structured(call(c, "pool_search_memory", Map.of("query", "kiwi",
                "pool_ids", List.of(pool))));
        assertThat(list(found.get("results"))).hasSize(2);
        assertThat(map(list(found.get("results")).get(0))).containsEntry("pool_id", pool);
    }
}
