package io.mahavishnu.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * With a bearer token configured (as it must be when the server is bound beyond loopback), every monitoring
 * endpoint requires it, through the same access filter as MCP; the strategy switch is refused without it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MonitorSecurityIT extends MonitorTestSupport {

    private static final String TOKEN = "m0nitor-token";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);

    @Override
    protected Map<String, Object> mcpSettings() {
        return Map.of("bearer_token", TOKEN, "allowed_origins", "https://ops.example.com");
    }

    @Test
    public void everyEndpointNeedsTheToken() throws Exception {
        awaitMonitor(AUTH);
        for (String path : new String[] {"/metrics", "/events", "/dashboard", "/dashboard/state"}) {
            HttpResponse<String> none = get(path, Map.of());
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(v ->
                    assertThat(v).startsWith("Bearer"));
            assertThat(none.body()).contains("bearer_token").contains("access_token");
            assertThat(get(path, Map.of("Authorization", "Bearer wrong")).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(scrape(AUTH).value("mahavishnu_routing_default_strategy", "strategy",
                manager().defaultStrategy())).isEqualTo(1.0);
        assertThat(get("/dashboard?access_token=" + TOKEN, Map.of()).statusCode()).isEqualTo(200);
        assertThat(get("/dashboard/state?access_token=wrong", Map.of()).statusCode()).isEqualTo(401);
        assertThat(get("/dashboard/state", AUTH).body()).contains("\"token_required\":true");
        try (SseStream stream = new SseStream(baseUrl() + "/events?bus=false&access_token=" + TOKEN, Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            String id = spawn("secured").poolId();
            assertThat(stream.next(e -> e.event().equals("pool.spawned") && e.data().contains(id), 30)).isNotNull();
            await(manager().close(id));
        }
    }

    @Test
    public void theStrategySwitchIsRefusedWithoutTheToken() throws Exception {
        awaitMonitor(AUTH);
        String before = manager().defaultStrategy();
        String body = "{\"strategy\":\"random\"}";
        HttpResponse<String> none = post("/dashboard/strategy", "application/json", body, Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        // The query-string token is for GET only (page loads, EventSource), never for a change.
        assertThat(post("/dashboard/strategy?access_token=" + TOKEN, "application/json", body, Map.of())
                .statusCode()).isEqualTo(401);
        HttpResponse<String> foreign = post("/dashboard/strategy", "application/json", body,
                Map.of("Authorization", "Bearer " + TOKEN, "Origin", "https://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("allowed_origins");
        assertThat(manager().defaultStrategy()).isEqualTo(before);

        HttpResponse<String> ok = post("/dashboard/strategy", "application/json", body, AUTH);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(manager().defaultStrategy()).isEqualTo("random");
        manager().setDefaultStrategy(before);
    }
}
