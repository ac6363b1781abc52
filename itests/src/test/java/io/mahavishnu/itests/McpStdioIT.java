package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.Test;

/**
 * A desktop MCP host's view: the MCP Java SDK's stdio client starts {@code bin/mahavishnu mcp-stdio} of a copy of
 * the built distribution as its server process, drives the pool tools over stdin/stdout, and ends the runtime by
 * closing the stream. Nothing but the protocol may reach stdout, and nothing at all stderr: logs go to data/log.
 */
public class McpStdioIT {

    @Test
    public void aDesktopHostDrivesThePoolToolsOverStdioAndClosingItStopsTheRuntime() throws Exception {
        try (InstalledDistribution dist = new InstalledDistribution("stdio")) {
            Path pidFile = dist.home.resolve("data/mahavishnu.pid");
            StdioClientTransport transport = new StdioClientTransport(ServerParameters
                    .builder(dist.home.resolve("bin/mahavishnu").toString()).args("mcp-stdio").build(),
                    new JacksonMcpJsonMapper(new ObjectMapper()));
            List<String> stderr = new CopyOnWriteArrayList<>();
            transport.setStdErrorHandler(stderr::add);
            McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120))
                    .clientInfo(new McpSchema.Implementation("desktop-host-it", "1")).build();
            long pid;
            try {
                client.initialize();
                pid = Long.parseLong(Files.readString(pidFile).trim());
                assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder(
                        "pool_spawn", "pool_execute", "pool_route_execute", "pool_list", "pool_monitor",
                        "pool_scale", "pool_close", "pool_close_all", "pool_health", "pool_search_memory");

                Map<String, Object> spawned = call(client, "pool_spawn", Map.of("worker_type", "noop",
                        "name", "desktop"));
                assertThat(spawned).containsEntry("status", "created");
                String id = (String) spawned.get("pool_id");
                assertThat(call(client, "pool_route_execute", Map.of("prompt", "over stdio")))
                        .containsEntry("status", "completed").containsEntry("output", "over stdio")
                        .containsEntry("pool_id", id);

                McpSchema.CallToolResult bad = client.callTool(new McpSchema.CallToolRequest("pool_execute",
                        Map.of("pool_id", "mahavishnu_nosuchpool", "prompt", "x")));
                assertThat(bad.isError()).isTrue();
                assertThat(structured(bad).get("error").toString()).contains("mahavishnu_nosuchpool");
                assertThat(call(client, "pool_close", Map.of("pool_id", id))).containsEntry("status", "closed");
            } finally {
                client.closeGracefully();
            }
            // The host closed the stream: the runtime stops by itself
            FederationIT.eventually("the runtime of the stdio session exits", () -> ProcessHandle.of(pid)
                    .map(p -> !p.isAlive()).orElse(true));
            assertThat(stderr).as("stderr of the server process").isEmpty();
            Optional<String> log = Files.exists(dist.home.resolve("data/log/mahavishnu.log"))
                    ? Optional.of(Files.readString(dist.home.resolve("data/log/mahavishnu.log"))) : Optional.empty();
            assertThat(log).hasValueSatisfying(l -> assertThat(l).contains("MCP server on stdio")
                    .contains("MCP client closed stdin; stopping"));
        }
    }

    private static Map<String, Object> call(McpSyncClient client, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
        assertThat(r.isError()).as("%s %s: %s", tool, args, r).isFalse();
        return structured(r);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult r) {
        return (Map<String, Object>) r.structuredContent();
    }
}
