package io.mahavishnu.manager.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sets one setting in an {@code etc/*.cfg} file the way an operator would edit it: the line that sets it is
 * replaced, or the new line goes below its commented-out example, or at the end; every other line and comment stays
 * as it was. The file is replaced in one step (written beside it, then renamed over it), so the folder watcher that
 * reads it never sees it half written.
 */
final class CfgFile {

    private CfgFile() {
    }

    /**
     * @param file  the file, which must exist
     * @param key   the setting
     * @param value its new value (one line)
     * @throws IOException if the file cannot be read or replaced
     */
    static void set(Path file, String key, String value) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>(edit(lines, key, value));
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, out, StandardCharsets.ISO_8859_1);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static List<String> edit(List<String> lines, String key, String value) {
        String quoted = Pattern.quote(key);
        Pattern set = Pattern.compile("^\\s*" + quoted + "\\s*[=:].*$");
        Pattern example = Pattern.compile("^\\s*[#!]\\s*" + quoted + "\\s*[=:].*$");
        String line = key + " = " + escape(value);
        List<String> out = new ArrayList<>(lines);
        int exampleAt = -1;
        boolean replaced = false;
        for (int i = 0; i < out.size(); i++) {
            if (set.matcher(out.get(i)).matches() && !continued(out, i - 1)) {
                if (replaced) {
                    // a later line setting it again would win over ours; drop it (and its continuation lines)
                    dropContinuation(out, i);
                    out.remove(i--);
                    continue;
                }
                dropContinuation(out, i);
                out.set(i, line);
                replaced = true;
            } else if (exampleAt < 0 && example.matcher(out.get(i)).matches()) {
                exampleAt = i;
            }
        }
        if (!replaced) {
            if (exampleAt >= 0) {
                out.add(exampleAt + 1, line);
            } else {
                out.add(line);
            }
        }
        return out;
    }

    /** Removes the lines that continue the value started on line i. */
    private static void dropContinuation(List<String> lines, int i) {
        int last = i;
        while (continued(lines, last)) {
            last++;
        }
        for (int k = last; k > i; k--) {
            lines.remove(k);
        }
    }

    /** @return whether line i ends in an odd number of backslashes, continuing on the next line */
    private static boolean continued(List<String> lines, int i) {
        if (i < 0 || i >= lines.size() - 1) {
            return false;
        }
        String s = lines.get(i);
        int n = 0;
        for (int k = s.length() - 1; k >= 0 && s.charAt(k) == '\\'; k--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c > 0xff) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
