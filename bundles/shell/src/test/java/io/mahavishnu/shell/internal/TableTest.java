package io.mahavishnu.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TableTest {

    private static String print(Table t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void columnsAlignAndNumbersAlignRight() {
        Table t = Table.of("pool id", "status", "workers").rightAlign(2)
                .row("echo_1", "running", 1)
                .row("mahavishnu_abcdef", "pending", 10)
                .row("x", null, "");
        assertThat(print(t)).isEqualTo(
                "POOL ID            STATUS   WORKERS\n"
              + "echo_1             running        1\n"
              + "mahavishnu_abcdef  pending       10\n"
              + "x                  -\n");
    }

    @Test
    void detailsAreIndentedKeyValueLines() {
        assertThat(print(Table.details().detail("Name", "web").detail("Worker type", "noop")))
                .isEqualTo("  Name:         web\n  Worker type:  noop\n");
    }

    @Test
    void cellsStayOnOneLine() {
        assertThat(print(Table.of("a", "b").row("x\ny", "z"))).isEqualTo("A    B\nx y  z\n");
    }

    @Test
    void durationsAreShort() {
        assertThat(Format.duration(Duration.ofMillis(0))).isEqualTo("0ms");
        assertThat(Format.duration(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(Format.duration(Duration.ofMillis(1234))).isEqualTo("1.2s");
        assertThat(Format.duration(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Format.duration(Duration.ofSeconds(185))).isEqualTo("3m 05s");
        assertThat(Format.duration(Duration.ofMinutes(127))).isEqualTo("2h 07m");
        assertThat(Format.seconds(1.24)).isEqualTo("1.2s");
        assertThat(Format.preview("first line\nsecond", 40)).isEqualTo("first line ...");
        assertThat(Format.preview("x".repeat(50), 10)).isEqualTo("xxxxxxx...");
    }
}
