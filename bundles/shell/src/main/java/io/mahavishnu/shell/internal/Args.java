package io.mahavishnu.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line. Typed getters check values and fail with a one-line {@link CommandException} naming the
 * option and the bad value.
 */
final class Args {

    private final CommandSpec spec;
    private final Map<String, List<String>> options;
    private final List<String> positional;

    Args(CommandSpec spec, Map<String, List<String>> options, List<String> positional) {
        this.spec = spec;
        this.options = Map.copyOf(options);
        this.positional = List.copyOf(positional);
    }

    /** @return the command's spec */
    CommandSpec spec() {
        return spec;
    }

    /** @return whether {@code --help} was given */
    boolean help() {
        return options.containsKey(CommandSpec.HELP.longName());
    }

    /** @param longName an option @return whether it was given */
    boolean has(String longName) {
        return options.containsKey(longName);
    }

    /** @return the positional arguments */
    List<String> positional() {
        return positional;
    }

    /** @param index position @return the argument (presence of required ones is checked when parsing) */
    String arg(int index) {
        return index < positional.size() ? positional.get(index) : null;
    }

    /** @param longName an option taking a value @return its value, or its default (null if none) */
    String value(String longName) {
        List<String> v = options.get(longName);
        if (v != null && !v.isEmpty()) {
            return v.get(v.size() - 1);
        }
        return spec(longName).defaultValue();
    }

    /**
     * @param longName an option taking a whole number
     * @return its value, or its default
     * @throws CommandException if it is not a whole number
     */
    Integer integer(String longName) {
        String v = value(longName);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw new CommandException("option " + spec(longName).label() + " must be a whole number (got: '" + v
                    + "')");
        }
    }

    /** @param longName a repeatable option @return its values in order, empty if absent */
    List<String> values(String longName) {
        return options.getOrDefault(longName, List.of());
    }

    /**
     * @param longName a repeatable {@code KEY=VALUE} option
     * @return the pairs in order (a later key replaces an earlier one)
     * @throws CommandException if a value is not {@code KEY=VALUE} with a non-empty key
     */
    Map<String, String> keyValues(String longName) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : values(longName)) {
            int eq = kv.indexOf('=');
            if (eq <= 0 || kv.substring(0, eq).isBlank()) {
                throw new CommandException("option --" + longName + " must be KEY=VALUE (got: '" + kv + "')");
            }
            out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
        }
        return out;
    }

    private OptionSpec spec(String longName) {
        return spec.options().stream().filter(o -> o.longName().equals(longName)).findFirst()
                .orElseThrow(() -> new IllegalStateException(spec.fullName() + " has no option --" + longName));
    }
}
