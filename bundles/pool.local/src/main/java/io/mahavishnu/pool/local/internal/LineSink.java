package io.mahavishnu.pool.local.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a process stream into UTF-8 lines for a consumer. A line longer than the cap is cut there (the rest of
 * it is dropped) so that one runaway line cannot exhaust memory. Thread-safe; the consumer is called under this
 * object's lock, one line at a time.
 */
final class LineSink implements ProcessRunner.Sink {

    private final int maxLineBytes;
    private final Consumer<String> lines;
    /** Guarded by {@code this}, like the fields below. */
    private byte[] line = new byte[512];
    private int len;
    private boolean overlong;
    private boolean closed;

    /**
     * @param maxLineBytes longest line passed on
     * @param lines        receives each line without its line terminator
     */
    LineSink(int maxLineBytes, Consumer<String> lines) {
        this.maxLineBytes = maxLineBytes;
        this.lines = lines;
    }

    @Override
    public synchronized void write(byte[] b, int off, int n) {
        if (closed) {
            return;
        }
        for (int i = off; i < off + n; i++) {
            if (b[i] == '\n') {
                emit();
            } else if (len < maxLineBytes) {
                if (len == line.length) {
                    line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
                }
                line[len++] = b[i];
            } else {
                overlong = true;
            }
        }
    }

    /** Passes on a last line without terminator; later writes are ignored. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            if (len > 0) {
                emit();
            }
            closed = true;
        }
    }

    /** @return true if some line was cut at the cap */
    synchronized boolean truncated() {
        return overlong;
    }

    private void emit() {
        int end = len;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        String s = new String(line, 0, end, StandardCharsets.UTF_8);
        len = 0;
        if (line.length > 64 * 1024) {
            line = new byte[512]; // give back the memory of one huge line
        }
        lines.accept(s);
    }
}
