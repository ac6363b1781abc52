package io.mahavishnu.shell.internal;

import io.mahavishnu.api.pool.WireEnum;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Human-readable renderings shared by the commands: durations, statuses, key=value lists, previews. */
final class Format {

    private Format() {
    }

    /**
     * @param d a duration, may be null
     * @return e.g. {@code 0ms}, {@code 850ms}, {@code 1.2s}, {@code 42s}, {@code 3m 05s}, {@code 2h 07m}
     */
    static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    /** @param seconds a duration in seconds @return as {@link #duration(Duration)} */
    static String seconds(double seconds) {
        return duration(Duration.ofNanos((long) (seconds * 1e9)));
    }

    /** @param milliseconds a duration in milliseconds @return as {@link #duration(Duration)} */
    static String millis(double milliseconds) {
        return duration(Duration.ofNanos((long) (milliseconds * 1e6)));
    }

    /** @param e a status or other wire enum, may be null @return its wire name, e.g. {@code running} */
    static String wire(WireEnum e) {
        return e == null ? "-" : e.wireName();
    }

    /** @param on a switch @return {@code on} or {@code off} */
    static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    /** @param map options @return {@code k=v, k2=v2} in the map's order, or {@code (none)} */
    static String keyValues(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return "(none)";
        }
        return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * @param text any text, may be null
     * @param max  longest result
     * @return its first line, cut to {@code max} characters with "..." when longer or when more lines follow
     */
    static String preview(String text, int max) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = text.strip();
        int nl = s.indexOf('\n');
        boolean more = nl >= 0;
        String first = more ? s.substring(0, nl).stripTrailing() : s;
        if (first.length() > max) {
            return first.substring(0, Math.max(0, max - 3)) + "...";
        }
        return more ? first + " ..." : first;
    }

    /** @param n a count @param noun singular noun @return e.g. {@code 1 pool}, {@code 3 pools} */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
