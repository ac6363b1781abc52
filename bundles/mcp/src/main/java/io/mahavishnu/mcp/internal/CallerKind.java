package io.mahavishnu.mcp.internal;

import java.util.Locale;

/**
 * Who is calling, as the caller declares it. Unrecognised names count as {@link #UNKNOWN}, so a caller cannot
 * mint fresh quota buckets by inventing names.
 */
enum CallerKind {
    ULTRACODE, CLAUDE_CODE, WORKFLOW, CLI, UNKNOWN;

    /** @return the lowercase wire name, e.g. {@code claude_code} */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @param value a declared caller kind, may be null @return the kind, {@link #UNKNOWN} if unrecognised */
    static CallerKind of(String value) {
        if (value != null) {
            String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (CallerKind k : values()) {
                if (k.wireName().equals(v)) {
                    return k;
                }
            }
        }
        return UNKNOWN;
    }
}
