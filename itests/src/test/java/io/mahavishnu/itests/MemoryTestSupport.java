package io.mahavishnu.itests;

import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import io.mahavishnu.api.memory.MemoryAggregator;
import io.mahavishnu.api.memory.MemoryStats;
import io.mahavishnu.itests.fakes.FakeControlClient;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ops4j.pax.exam.Option;

/**
 * The product feature with the MCP server, the memory aggregator and the session-buddy pool pointed at a fake
 * Session-Buddy and a fake Akosha (real MCP servers on the host, {@link io.mahavishnu.itests.fakes.Fakes}), with short
 * retry and breaker times so outages and recoveries happen within a test.
 */
public abstract class MemoryTestSupport extends McpTestSupport {

    private FakeControlClient fakes;

    @Override
    protected void prepareConfigurations(File cmDir) {
        super.prepareConfigurations(cmDir);
        String[] urls = FakesHost.start();
        System.setProperty("fakes.control", urls[0]);
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("session_buddy_pool_url", urls[1]);
        memory.put("akosha_url", urls[2]);
        memory.put("memory_sync_interval", 10);
        memory.put("retry_initial_millis", 100);
        memory.put("retry_max_millis", 1000);
        memory.put("breaker_failure_threshold", 2);
        memory.put("breaker_open_seconds", 1);
        memory.put("collect_delay_millis", 50);
        memory.put("delivery_timeout_seconds", 2);
        memory.put("search_timeout_seconds", 2);
        memory.put("connect_timeout_seconds", 10);
        memory.put("outbox_path", new File(cmDir, "outbox.mv.db").getPath());
        writeConfig(cmDir, "io.mahavishnu.memory", memory);
        writeConfig(cmDir, "io.mahavishnu.pool.sessionbuddy", Map.of("session_buddy_url", urls[1],
                "connect_timeout_seconds", 10, "call_timeout_seconds", 10, "task_timeout_margin_seconds", 5));
    }

    @Override
    protected Option[] moreOptions() {
        return new Option[] {frameworkProperty("fakes.control").value(System.getProperty("fakes.control"))};
    }

    protected FakeControlClient fakes() {
        if (fakes == null) {
            fakes = new FakeControlClient(context.getProperty("fakes.control"));
        }
        return fakes;
    }

    protected MemoryAggregator memory() throws InterruptedException {
        return service(MemoryAggregator.class);
    }

    protected MemoryStats.SinkStats sink(String name) throws InterruptedException {
        return memory().stats(Set.of()).sinks().get(name);
    }

    /** Puts both fakes back in their normal state. */
    @org.junit.Before
    public void fakesUp() throws Exception {
        for (String f : new String[] {"session-buddy", "akosha"}) {
            fakes().set(f, "up");
            fakes().set(f, "ok");
        }
    }
}
