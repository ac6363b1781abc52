package io.mahavishnu.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsAndGuardTest {

    private static McpSettings settings(String host, String token, List<String> origins) {
        return new McpSettings(true, host, 8680, "/mcp/", token, origins, 1 << 20, Duration.ofSeconds(60),
                Duration.ofSeconds(5));
    }

    @Test
    void aNonLoopbackHostWithoutTokenIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> settings("0.0.0.0", "", List.of())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("host").hasMessageContaining("bearer_token").hasMessageContaining("0.0.0.0");
        assertThat(settings("0.0.0.0", "s3cret", List.of()).tokenRequired()).isTrue();
        assertThat(settings("localhost", "", List.of()).path()).isEqualTo("/mcp");
        assertThat(settings("::1", "", List.of()).url()).isEqualTo("http://[::1]:8680/mcp");
    }

    @Test
    void badValuesNameTheirSetting() {
        assertThatThrownBy(() -> new McpSettings(true, "127.0.0.1", 70000, "/mcp", "", List.of(), 1 << 20,
                Duration.ofSeconds(60), Duration.ofSeconds(5)))
                .hasMessageContaining("port").hasMessageContaining("70000");
        assertThatThrownBy(() -> new McpSettings(true, "127.0.0.1", 8680, "mcp", "", List.of(), 1 << 20,
                Duration.ofSeconds(60), Duration.ofSeconds(5)))
                .hasMessageContaining("path");
    }

    @Test
    void loopbackDetectionDoesNotResolveNames() {
        assertThat(McpSettings.isLoopback("127.0.0.1")).isTrue();
        assertThat(McpSettings.isLoopback("127.1.2.3")).isTrue();
        assertThat(McpSettings.isLoopback("[::1]")).isTrue();
        assertThat(McpSettings.isLoopback("localhost")).isTrue();
        assertThat(McpSettings.isLoopback("0.0.0.0")).isFalse();
        assertThat(McpSettings.isLoopback("10.0.0.5")).isFalse();
        assertThat(McpSettings.isLoopback("example.com")).isFalse();
    }

    @Test
    void originsAllowedAreLoopbackOnesAndTheConfiguredOnes() {
        McpSettings local = settings("127.0.0.1", "", List.of("https://app.example.com"));
        assertThat(AccessFilter.originAllowed("http://localhost:6274", local)).isTrue();
        assertThat(AccessFilter.originAllowed("http://127.0.0.1", local)).isTrue();
        assertThat(AccessFilter.originAllowed("https://app.example.com/", local)).isTrue();
        assertThat(AccessFilter.originAllowed("https://evil.example", local)).isFalse();
        assertThat(AccessFilter.originAllowed("null", local)).isFalse();
        McpSettings remote = settings("0.0.0.0", "t", List.of());
        assertThat(AccessFilter.originAllowed("http://localhost:6274", remote)).isFalse();
    }

    @Test
    void bearerTokensAreComparedExactly() {
        assertThat(AccessFilter.tokenMatches("Bearer abc", "abc")).isTrue();
        assertThat(AccessFilter.tokenMatches("bearer abc", "abc")).isTrue();
        assertThat(AccessFilter.tokenMatches("Bearer abd", "abc")).isFalse();
        assertThat(AccessFilter.tokenMatches("Basic abc", "abc")).isFalse();
        assertThat(AccessFilter.tokenMatches(null, "abc")).isFalse();
    }

    @Test
    void theQueryTokenCountsOnlyOnGetRequests() {
        assertThat(AccessFilter.queryTokenMatches(request("GET", "x=1&access_token=a%2Bc"), "a+c")).isTrue();
        assertThat(AccessFilter.queryTokenMatches(request("GET", "access_token=abd"), "abc")).isFalse();
        assertThat(AccessFilter.queryTokenMatches(request("POST", "access_token=abc"), "abc")).isFalse();
        assertThat(AccessFilter.queryTokenMatches(request("GET", null), "abc")).isFalse();
    }

    private static jakarta.servlet.http.HttpServletRequest request(String method, String query) {
        return (jakarta.servlet.http.HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(
                SettingsAndGuardTest.class.getClassLoader(),
                new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getQueryString" -> query;
                    default -> null;
                });
    }

    @Test
    void callerKindsAreCoercedSoNoFreshBucketsCanBeMinted() {
        assertThat(CallerKind.of("Claude_Code")).isEqualTo(CallerKind.CLAUDE_CODE);
        assertThat(CallerKind.of("root")).isEqualTo(CallerKind.UNKNOWN);
        assertThat(CallerKind.of(null)).isEqualTo(CallerKind.UNKNOWN);
    }
}
