package io.mahavishnu.mcp.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The arguments of one tool call, read with validation: every bad value raises a {@link ValidationException}
 * naming the argument, the value and what would be valid. Unknown argument names are refused too, so a typo
 * never passes silently.
 */
final class ToolArgs {

    private final String tool;
    private final Map<String, Object> args;

    ToolArgs(String tool, Map<String, Object> args, Collection<String> known) {
        this.tool = tool;
        this.args = args == null ? Map.of() : args;
        for (String name : this.args.keySet()) {
            if (!known.contains(name)) {
                throw new ValidationException(name, this.args.get(name), "is not an argument of " + tool
                        + (known.isEmpty() ? " (it takes none)" : " (arguments: " + String.join(", ",
                        new TreeSet<>(known)) + ")"));
            }
        }
    }

    /** @return whether the caller gave the argument (a JSON null counts as not given) */
    boolean has(String name) {
        return args.get(name) != null;
    }

    /** @return a required, non-blank string */
    String requiredString(String name) {
        String v = string(name, null);
        if (v == null || v.isBlank()) {
            throw new ValidationException(name, args.get(name), "is required by " + tool
                    + " and must be a non-empty string");
        }
        return v;
    }

    /** @return a string, or the default when not given */
    String string(String name, String defaultValue) {
        Object v = args.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof String s)) {
            throw new ValidationException(name, v, "must be a string");
        }
        return s;
    }

    /** @return an integer within [min, max], or the default when not given */
    int integer(String name, int defaultValue, int min, int max) {
        Object v = args.get(name);
        if (v == null) {
            return defaultValue;
        }
        return checkedInteger(name, v, min, max);
    }

    /** @return a required integer within [min, max] */
    int requiredInteger(String name, int min, int max) {
        Object v = args.get(name);
        if (v == null) {
            throw new ValidationException(name, null, "is required by " + tool + " and must be an integer between "
                    + min + " and " + max);
        }
        return checkedInteger(name, v, min, max);
    }

    /** @return an integer within [min, max], or null when not given */
    Integer optionalInteger(String name, int min, int max) {
        Object v = args.get(name);
        return v == null ? null : checkedInteger(name, v, min, max);
    }

    /** @return a boolean, or the default when not given */
    boolean bool(String name, boolean defaultValue) {
        Object v = args.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Boolean b)) {
            throw new ValidationException(name, v, "must be true or false");
        }
        return b;
    }

    /** @return an object of scalar values as strings (empty when not given) */
    Map<String, String> stringMap(String name) {
        Object v = args.get(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new ValidationException(name, v, "must be an object of string values, e.g. {\"key\": \"value\"}");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object value = e.getValue();
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new ValidationException(name + "." + e.getKey(), value,
                        "must be a string, number or boolean");
            }
            out.put(String.valueOf(e.getKey()), String.valueOf(value));
        }
        return out;
    }

    /** @return a list of non-blank strings (empty when not given) */
    List<String> stringList(String name) {
        Object v = args.get(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof List<?> list)) {
            throw new ValidationException(name, v, "must be an array of strings");
        }
        for (Object o : list) {
            if (!(o instanceof String s) || s.isBlank()) {
                throw new ValidationException(name, v, "must be an array of non-empty strings");
            }
            out.add(s.trim());
        }
        return out;
    }

    /** @return a string that must be one of {@code allowed} (case-insensitive), or the default when not given */
    String choice(String name, String defaultValue, Set<String> allowed, String what) {
        String v = string(name, defaultValue);
        if (v == null) {
            return null;
        }
        String t = v.trim();
        for (String a : allowed) {
            if (a.equalsIgnoreCase(t)) {
                return a;
            }
        }
        throw new ValidationException(name, v, "must be one of the deployed " + what + ": "
                + (allowed.isEmpty() ? "none deployed" : String.join(", ", new TreeSet<>(allowed))));
    }

    private static int checkedInteger(String name, Object v, int min, int max) {
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())
                && !Double.isInfinite(num.doubleValue())) {
            n = (long) num.doubleValue();
        } else {
            throw new ValidationException(name, v, "must be an integer between " + min + " and " + max);
        }
        if (n < min || n > max) {
            throw new ValidationException(name, v, "must be between " + min + " and " + max);
        }
        return (int) n;
    }
}
