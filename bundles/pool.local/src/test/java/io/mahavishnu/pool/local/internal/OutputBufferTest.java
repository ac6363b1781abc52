package io.mahavishnu.pool.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputBufferTest {

    private static void write(ProcessRunner.Sink sink, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        sink.write(b, 0, b.length);
    }

    @Test
    void headKeepsTheFirstBytesWithoutSplittingACharacter() {
        OutputBuffer out = OutputBuffer.head(10);
        write(out, "abcdefghi");
        write(out, "é and more"); // é is two bytes; only one fits

        assertThat(out.text()).isEqualTo("abcdefghi");
        assertThat(out.truncated()).isTrue();
    }

    @Test
    void headUnderTheCapIsComplete() {
        OutputBuffer out = OutputBuffer.head(1024);
        write(out, "short");
        assertThat(out.text()).isEqualTo("short");
        assertThat(out.truncated()).isFalse();
    }

    @Test
    void tailKeepsTheLastBytes() {
        OutputBuffer err = OutputBuffer.tail(8);
        for (int i = 0; i < 10; i++) {
            write(err, "line" + i + "\n");
        }
        assertThat(err.text()).isEqualTo("8\nline9\n");
        assertThat(err.truncated()).isTrue();
    }

    @Test
    void closedBufferIgnoresWrites() {
        OutputBuffer out = OutputBuffer.head(100);
        write(out, "a");
        out.close();
        write(out, "b");
        assertThat(out.text()).isEqualTo("a");
    }

    @Test
    void lineSinkSplitsLinesAndCutsOverlongOnes() {
        List<String> lines = new ArrayList<>();
        LineSink sink = new LineSink(5, lines::add);
        write(sink, "ab\r\ncd");
        write(sink, "e\n1234567\nlast");
        sink.close();
        write(sink, "ignored\n");

        assertThat(lines).containsExactly("ab", "cde", "12345", "last");
        assertThat(sink.truncated()).isTrue();
    }

    @Test
    void truncateUtf8NeverSplitsACharacter() {
        assertThat(OutputBuffer.truncateUtf8("aé€😀", 1)).isEqualTo("a");
        assertThat(OutputBuffer.truncateUtf8("aé€😀", 2)).isEqualTo("a");
        assertThat(OutputBuffer.truncateUtf8("aé€😀", 3)).isEqualTo("aé");
        assertThat(OutputBuffer.truncateUtf8("aé€😀", 9)).isEqualTo("aé€");
        assertThat(OutputBuffer.truncateUtf8("aé€😀", 10)).isEqualTo("aé€😀");
        assertThat(OutputBuffer.utf8Length("aé€😀")).isEqualTo(10);
    }
}
