package io.mahavishnu.itests;

import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.McpJsonMapperSupplier;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ops4j.pax.exam.Option;

/**
 * Boots the product feature (core + HTTP + MCP) with the MCP server on a free loopback port, configured before
 * start as {@code etc/io.mahavishnu.mcp.cfg} would configure it, and connects real MCP clients over HTTP.
 */
public abstract class McpTestSupport extends RuntimeTestSupport {

    private final List<McpSyncClient> clients = new ArrayList<>();

    @Override
    protected File bundleDir() {
        return new File(System.getProperty("mahavishnu.bundles.mcp"));
    }

    /** Host side: settings of {@code io.mahavishnu.mcp} besides the port, as key → value (String/Integer). */
    protected Map<String, Object> mcpSettings() {
        return Map.of();
    }

    @Override
    protected void prepareConfigurations(File cmDir) {
        int port = freePort();
        System.setProperty("mcp.test.port", Integer.toString(port));
        Map<String, Object> settings = new java.util.LinkedHashMap<>(mcpSettings());
        settings.put("port", port);
        writeConfig(cmDir, "io.mahavishnu.mcp", settings);
    }

    /** Writes a configuration in the store's file format (strings and integers). */
    protected static void writeConfig(File cmDir, String pid, Map<String, Object> settings) {
        StringBuilder cfg = new StringBuilder("service.pid=\"").append(pid).append("\"\n");
        settings.forEach((k, v) -> cfg.append(k).append('=').append(v instanceof Integer ? "I" : "")
                .append('"').append(v).append("\"\n"));
        try {
            File file = new File(cmDir, pid.replace('.', '/') + ".config");
            file.getParentFile().mkdirs();
            Files.writeString(file.toPath(), cfg.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Option[] extraOptions() {
        String port = System.getProperty("mcp.test.port");
        List<Option> options = new ArrayList<>(List.of(
                frameworkProperty("org.osgi.service.http.port").value(port),
                frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
                frameworkProperty("mcp.test.port").value(port)));
        options.addAll(List.of(moreOptions()));
        return options.toArray(Option[]::new);
    }

    /** @return further options of a test class */
    protected Option[] moreOptions() {
        return new Option[0];
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String endpoint() {
        return "http://127.0.0.1:" + context.getProperty("mcp.test.port") + "/mcp";
    }

    protected McpJsonMapper json() throws InterruptedException {
        return service(McpJsonMapperSupplier.class).get();
    }

    /** @return an initialized client; closed after the test class */
    protected McpSyncClient client() throws Exception {
        return client(b -> { }, null);
    }

    protected McpSyncClient client(Consumer<java.net.http.HttpRequest.Builder> request,
                                   Consumer<List<McpSchema.Tool>> toolsChanged) throws Exception {
        service(io.mahavishnu.api.manager.PoolManager.class);
        java.net.http.HttpRequest.Builder rb = java.net.http.HttpRequest.newBuilder();
        request.accept(rb);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl())
                .endpoint("/mcp").jsonMapper(json()).requestBuilder(rb).build();
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .clientInfo(new McpSchema.Implementation("mahavishnu-it", "1"));
        if (toolsChanged != null) {
            spec.toolsChangeConsumer(toolsChanged);
        }
        awaitEndpoint();
        McpSyncClient client = spec.build();
        client.initialize();
        clients.add(client);
        return client;
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + context.getProperty("mcp.test.port");
    }

    /**
     * The HTTP server comes up asynchronously after the bundles start, and has no event to wait on from here: polls
     * the endpoint (bounded) until the MCP servlet answers.
     */
    protected void awaitEndpoint() throws InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        eventually("the MCP endpoint answers at " + endpoint(), () -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint())).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() != 404;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    @org.junit.After
    public void closeClients() {
        clients.forEach(McpSyncClient::closeGracefully);
        clients.clear();
    }

    @SuppressWarnings("unchecked")
    protected static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> structured(McpSchema.CallToolResult r) {
        return (Map<String, Object>) r.structuredContent();
    }

    protected static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(new McpSchema.CallToolRequest(tool, args));
    }
}
