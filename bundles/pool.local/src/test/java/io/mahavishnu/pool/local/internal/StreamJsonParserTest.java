package io.mahavishnu.pool.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamJsonParserTest {

    private static StreamJsonParser feed(int cap, String... lines) {
        StreamJsonParser p = new StreamJsonParser(cap);
        for (String l : lines) {
            p.accept(l);
        }
        return p;
    }

    @Test
    void originalRules() {
        StreamJsonParser p = feed(1 << 20,
                "{\"content\":\"hello\"}",
                "",
                "   ",
                "{\"content\":[{\"text\":\"a\"},{\"type\":\"x\"},{\"text\":\"b\"}]}",
                "not json {",
                "[1,2]",
                "{\"other\":1}");

        assertThat(p.output()).isEqualTo("hello\na\nb\nnot json {\n[1,2]");
        assertThat(p.outputLines()).isEqualTo(5);
        assertThat(p.completionSeen()).isFalse();
        assertThat(p.error()).isNull();
        assertThat(p.truncated()).isFalse();
    }

    @Test
    void completionMarkers() {
        assertThat(feed(1024, "{\"finish_reason\":\"stop\"}").completionSeen()).isTrue();
        assertThat(feed(1024, "{\"done\":false}").completionSeen()).isTrue();
        assertThat(feed(1024, "{\"type\":\"done\"}").completionSeen()).isTrue();
        assertThat(feed(1024, "{\"type\":\"completion\"}").completionSeen()).isTrue();
        assertThat(feed(1024, "{\"status\":\"completed\"}").completionSeen()).isTrue();
        assertThat(feed(1024, "{\"status\":\"running\"}").completionSeen()).isFalse();
    }

    @Test
    void claudeCodeStreamJson() {
        StreamJsonParser p = feed(1 << 20,
                "{\"type\":\"system\",\"subtype\":\"init\",\"tools\":[]}",
                "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Let me look\"},"
                        + "{\"type\":\"tool_use\",\"name\":\"Read\"}]}}",
                "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"content\":\"file body\"}]}}",
                "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Done.\"}]}}");
        assertThat(p.output()).isEqualTo("Let me look\nDone.");
        assertThat(p.completionSeen()).isFalse();

        p.accept("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"All fixed.\"}");
        assertThat(p.output()).isEqualTo("All fixed.");
        assertThat(p.completionSeen()).isTrue();
        assertThat(p.error()).isNull();
    }

    @Test
    void claudeErrorResult() {
        StreamJsonParser p = feed(1024, "{\"type\":\"result\",\"subtype\":\"error_max_turns\",\"is_error\":true}");
        assertThat(p.error()).isEqualTo("command reported an error (error_max_turns)");
        assertThat(p.completionSeen()).isTrue();

        StreamJsonParser q = feed(1024, "{\"type\":\"result\",\"is_error\":true,\"result\":\"API error\"}");
        assertThat(q.error()).isEqualTo("API error");
        assertThat(q.output()).isEqualTo("API error");
    }

    @Test
    void outputIsCappedInUtf8Bytes() {
        StreamJsonParser p = feed(1024, "x".repeat(1000), "é".repeat(100), "more");

        String out = p.output();
        assertThat(out.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
        assertThat(out).startsWith("x".repeat(1000) + "\né");
        assertThat(p.truncated()).isTrue();
        assertThat(p.outputLines()).isEqualTo(3);

        StreamJsonParser r = feed(1024, "{\"type\":\"result\",\"result\":\"" + "y".repeat(2000) + "\"}");
        assertThat(r.output()).hasSize(1024);
        assertThat(r.truncated()).isTrue();
    }
}
