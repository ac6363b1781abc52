package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * 10 000 generated malformed tool calls through a real MCP client over HTTP — wrong types, missing and unknown
 * arguments, hostile strings, boundary numbers — for all ten tools: every call gets a tool result (an error result
 * with {@code {status: "failed", error}} naming the problem, or a success), never a protocol error or a crash, and
 * the server keeps answering.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class McpMalformedInputIT extends McpTestSupport {

    private static final int CALLS = Integer.getInteger("malformed.inputs", 10_000);
    private static final List<String> TOOLS = List.of("pool_spawn", "pool_execute", "pool_route_execute",
            "pool_list", "pool_monitor", "pool_scale", "pool_close", "pool_close_all", "pool_health",
            "pool_search_memory");
    private static final List<String> ARGUMENTS = List.of("pool_type", "name", "min_workers", "max_workers",
            "worker_type", "extra_config", "pool_id", "prompt", "timeout", "pool_selector", "pool_affinity",
            "caller_kind", "priority", "deadline_seconds", "attributes", "pool_ids", "target_workers", "query",
            "limit", "unknown_argument");

    @Test
    public void everyMalformedToolCallGetsAClearResultAndTheServerKeepsAnswering() throws Exception {
        McpSyncClient c = client();
        String target = (String) structured(call(c, "pool_spawn", Map.of("worker_type", "noop", "name", "target")))
                .get("pool_id");
        MalformedInput gen = new MalformedInput(5150L);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < CALLS; i++) {
            String tool = TOOLS.get(gen.below(TOOLS.size()));
            if (tool.equals("pool_close_all")) {
                tool = "pool_list"; // keep the target pool alive; close_all has no arguments to get wrong
            }
            Map<String, Object> args = new HashMap<>();
            int n = gen.below(5);
            for (int a = 0; a < n; a++) {
                args.put(ARGUMENTS.get(gen.below(ARGUMENTS.size())), gen.anyValue());
            }
            if (gen.chance(30)) {
                args.put("pool_id", target);
            }
            if (gen.chance(20)) {
                args.put("worker_type", "noop");
            }
            args.values().removeIf(java.util.Objects::isNull);
            McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(tool, args));
            String outcome;
            if (Boolean.TRUE.equals(r.isError())) {
                Map<String, Object> err = structured(r);
                assertThat(err.get("status")).as("%s %s", tool, args).isIn("failed", "rate_limited");
                assertThat(String.valueOf(err.get("error"))).as("%s %s", tool, args).isNotBlank();
                outcome = tool + ":error";
            } else {
                outcome = tool + ":ok";
                if (tool.equals("pool_spawn")) {
                    call(c, "pool_close", Map.of("pool_id", structured(r).get("pool_id")));
                }
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        System.out.println("malformed MCP calls: " + outcomes);
        String fresh = (String) structured(call(c, "pool_spawn", Map.of("worker_type", "noop", "name", "after")))
                .get("pool_id");
        assertThat(structured(call(c, "pool_execute", Map.of("pool_id", fresh, "prompt", "still here"))))
                .containsEntry("output", "still here");
        assertThat(outcomes.entrySet().stream().filter(e -> e.getKey().endsWith(":error"))
                .mapToInt(Map.Entry::getValue).sum()).isGreaterThan(CALLS / 3);
    }
}
