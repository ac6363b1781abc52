package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Bearer token, Origin check, body limit and the per-caller-kind quota, over real HTTP. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class McpSecurityIT extends McpTestSupport {

    private static final String TOKEN = "s3cret-token";

    @Override
    protected Map<String, Object> mcpSettings() {
        return Map.of("bearer_token", TOKEN, "max_request_bytes", 4096,
                "allowed_origins", "https://console.example.com");
    }

    @Override
    protected boolean liftsQuota() {
        return false;
    }

    /** The pool manager keeps the quota; three task requests per caller kind per minute here. */
    @Override
    protected void prepareConfigurations(java.io.File cmDir) {
        super.prepareConfigurations(cmDir);
        writeConfig(cmDir, "io.mahavishnu.manager", Map.of("quota_requests", 3));
    }

    private McpSyncClient authorized() throws Exception {
        return client(b -> b.header("Authorization", "Bearer " + TOKEN), null);
    }

    private static Map<String, Object> initialize() {
        return Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of("protocolVersion",
                "2025-06-18", "capabilities", Map.of(), "clientInfo", Map.of("name", "raw", "version", "1")));
    }

    @Test
    public void requestsWithoutTheTokenGet401() throws Exception {
        awaitEndpoint();
        RawMcp raw = new RawMcp(endpoint());
        HttpResponse<String> none = raw.post(initialize(), Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer"));
        assertThat(none.body()).contains("bearer token");
        assertThat(raw.post(initialize(), Map.of("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
        assertThat(raw.post(initialize(), Map.of("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(200);
        assertThat(authorized().listTools().tools()).hasSize(10);
    }

    @Test
    public void foreignOriginsAreRefused() throws Exception {
        awaitEndpoint();
        RawMcp raw = new RawMcp(endpoint());
        Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);
        HttpResponse<String> evil = raw.post(initialize(), Map.of("Authorization", "Bearer " + TOKEN,
                "Origin", "https://evil.example"));
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(evil.body()).contains("https://evil.example").contains("allowed_origins");
        assertThat(raw.post(initialize(), Map.of("Authorization", "Bearer " + TOKEN,
                "Origin", "https://console.example.com")).statusCode()).isEqualTo(200);
        assertThat(raw.post(initialize(), Map.of("Authorization", "Bearer " + TOKEN,
                "Origin", "http://localhost:6274")).statusCode()).isEqualTo(200);
        assertThat(raw.post(initialize(), auth).statusCode()).isEqualTo(200);
    }

    @Test
    public void bodiesAboveTheLimitGet413() throws Exception {
        awaitEndpoint();
        RawMcp raw = new RawMcp(endpoint());
        HttpResponse<String> big = raw.post(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call",
                "params", Map.of("name", "pool_list", "arguments", Map.of(), "_meta", Map.of("pad", "x".repeat(5000)))),
                Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("max_request_bytes");
    }

    @Test
    public void theQuotaOfACallerKindRunsOutWithRetryAfterWhileOtherKindsGoOn() throws Exception {
        McpSyncClient c = authorized();
        String id = (String) structured(call(c, "pool_spawn", Map.of("worker_type", "noop"))).get("pool_id");
        for (int i = 0; i < 3; i++) {
            assertThat(structured(call(c, "pool_execute", Map.of("pool_id", id, "prompt", "p" + i,
                    "caller_kind", "workflow")))).containsEntry("status", "completed");
        }
        McpSchema.CallToolResult limited = call(c, "pool_route_execute", Map.of("prompt", "one more",
                "caller_kind", "workflow"));
        assertThat(limited.isError()).isTrue();
        Map<String, Object> r = structured(limited);
        assertThat(r).containsEntry("status", "rate_limited").containsEntry("caller_kind", "workflow")
                .containsKey("error");
        assertThat(((Number) r.get("retry_after_seconds")).longValue()).isBetween(1L, 60L);
        assertThat(structured(call(c, "pool_execute", Map.of("pool_id", id, "prompt", "cli",
                "caller_kind", "cli")))).containsEntry("status", "completed");
        call(c, "pool_close", Map.of("pool_id", id));
    }
}
