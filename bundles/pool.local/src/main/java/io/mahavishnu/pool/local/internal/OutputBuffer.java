package io.mahavishnu.pool.local.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounded capture of a process stream: either the first {@code cap} bytes ({@link #head}, for output) or the last
 * {@code cap} bytes ({@link #tail}, for stderr). Everything beyond is read and dropped, so the process never
 * blocks on a full pipe. Thread-safe: the reader thread writes while the pool may already take the text.
 */
final class OutputBuffer implements ProcessRunner.Sink {

    private final int cap;
    private final boolean keepTail;
    /** Guarded by {@code this}, like every field below. */
    private byte[] buf = new byte[256];
    private int len;
    private boolean truncated;
    private boolean closed;

    private OutputBuffer(int cap, boolean keepTail) {
        this.cap = cap;
        this.keepTail = keepTail;
    }

    /** @param cap bytes to keep @return a buffer keeping the first {@code cap} bytes */
    static OutputBuffer head(int cap) {
        return new OutputBuffer(cap, false);
    }

    /** @param cap bytes to keep @return a buffer keeping the last {@code cap} bytes */
    static OutputBuffer tail(int cap) {
        return new OutputBuffer(cap, true);
    }

    @Override
    public synchronized void write(byte[] b, int off, int n) {
        if (closed || n <= 0) {
            return;
        }
        if (keepTail) {
            if (len + n > 2 * cap) {
                compact();
            }
            if (n > cap) {
                off += n - cap;
                n = cap;
                truncated = true;
            }
            append(b, off, n);
            return;
        }
        int room = cap - len;
        if (n > room) {
            truncated = true;
            n = room;
        }
        append(b, off, n);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** @return true if bytes were dropped */
    synchronized boolean truncated() {
        return truncated || (keepTail && len > cap);
    }

    /** @return the kept bytes as UTF-8, without a character cut in half at the cut end */
    synchronized String text() {
        if (keepTail) {
            int from = Math.max(0, len - cap);
            if (from > 0) {
                while (from < len && (buf[from] & 0xC0) == 0x80) {
                    from++; // skip continuation bytes of a character cut at the start
                }
            }
            return new String(buf, from, len - from, StandardCharsets.UTF_8);
        }
        int end = truncated ? completeUtf8Prefix(buf, len) : len;
        return new String(buf, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * @param s        text
     * @param maxBytes UTF-8 budget
     * @return the longest prefix of {@code s} whose UTF-8 form fits, never splitting a character
     */
    static String truncateUtf8(String s, int maxBytes) {
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                return s.substring(0, i);
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s;
    }

    /** @return the UTF-8 length of {@code s} */
    static int utf8Length(CharSequence s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** @return the length of {@code b[0..len)} without a trailing incomplete UTF-8 sequence */
    static int completeUtf8Prefix(byte[] b, int len) {
        int i = len - 1;
        while (i >= 0 && i > len - 4 && (b[i] & 0xC0) == 0x80) {
            i--;
        }
        if (i < 0) {
            return len;
        }
        int lead = b[i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return len - i < need ? i : len;
    }

    private void append(byte[] b, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + n, Math.min(buf.length * 2, keepTail ? 2 * cap : cap)));
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void compact() {
        int keep = Math.min(len, cap);
        System.arraycopy(buf, len - keep, buf, 0, keep);
        if (len > keep) {
            truncated = true;
        }
        len = keep;
    }
}
