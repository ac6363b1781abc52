package io.mahavishnu.mcp.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.mcp.client.McpToolClient;
import io.mahavishnu.mcp.client.McpToolException;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class McpToolClientsImplTest {

    private final McpToolClientsImpl clients = new McpToolClientsImpl(
            new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()), "test");

    @Test
    void acceptsHttpEndpointsAndNamesABadUrl() {
        assertThat(McpToolClientsImpl.parse("http://localhost:8678/mcp").getPath()).isEqualTo("/mcp");
        assertThatThrownBy(() -> clients.open("localhost:8678", Duration.ofSeconds(1)))
                .hasMessageContaining("'localhost:8678' is not an http(s) URL");
        assertThatThrownBy(() -> clients.open("http://bad host/", Duration.ofSeconds(1)))
                .hasMessageContaining("not a valid URL");
    }

    @Test
    void aServerThatIsNotThereIsReportedAsUnreachableNamingIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (McpToolClient c = clients.open("http://127.0.0.1:" + port + "/mcp", Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> c.call("worker_health", Map.of(), Duration.ofSeconds(5)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(McpToolException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .satisfies(e -> assertThat(((McpToolException) e).transientFailure()).isTrue());
        }
    }

    @Test
    void aSessionTheServerForgotIsToldApartFromOtherFailures() {
        assertThat(SdkToolClient.sessionLost(new java.util.concurrent.CompletionException(
                new RuntimeException("MCP session with server terminated")))).isTrue();
        assertThat(SdkToolClient.sessionLost(new io.modelcontextprotocol.spec.McpTransportSessionNotFoundException(
                "Session not found"))).isTrue();
        assertThat(SdkToolClient.sessionLost(new java.net.ConnectException("Connection refused"))).isFalse();
        assertThat(SdkToolClient.sessionLost(new java.util.concurrent.TimeoutException())).isFalse();
    }
}
