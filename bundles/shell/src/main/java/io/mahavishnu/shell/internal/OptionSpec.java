package io.mahavishnu.shell.internal;

/**
 * One option of a command.
 *
 * @param shortName    one-letter alias ({@code -t}), or 0 for none
 * @param longName     the name ({@code --type})
 * @param argName      name of its value in help ({@code TYPE}), or null for a flag
 * @param defaultValue value when absent, shown in help; null for none
 * @param description  one line for help
 * @param completion   what its value completes to
 * @param repeatable   whether it may be given several times (values collected in order)
 * @param required     whether it must be given
 */
record OptionSpec(char shortName, String longName, String argName, String defaultValue, String description,
                  Completion completion, boolean repeatable, boolean required) {

    /** @return an option taking a value, with a default */
    static OptionSpec value(char shortName, String longName, String argName, String defaultValue,
                            String description, Completion completion) {
        return new OptionSpec(shortName, longName, argName, defaultValue, description, completion, false, false);
    }

    /** @return an option that must be given */
    static OptionSpec required(char shortName, String longName, String argName, String description,
                               Completion completion) {
        return new OptionSpec(shortName, longName, argName, null, description, completion, false, true);
    }

    /** @return an option that may be repeated, e.g. {@code --config k=v --config k2=v2} */
    static OptionSpec repeated(String longName, String argName, String description) {
        return new OptionSpec((char) 0, longName, argName, null, description, Completion.NONE, true, false);
    }

    /** @return a flag (no value) */
    static OptionSpec flag(char shortName, String longName, String description) {
        return new OptionSpec(shortName, longName, null, null, description, Completion.NONE, false, false);
    }

    /** @return whether the option takes a value */
    boolean takesValue() {
        return argName != null;
    }

    /** @return {@code -t, --type=TYPE} or {@code     --config=KEY=VALUE} */
    String synopsis() {
        String shortPart = shortName == 0 ? "    " : "-" + shortName + ", ";
        return shortPart + "--" + longName + (takesValue() ? "=" + argName : "");
    }

    /** @return {@code -t/--type} or {@code --config}, for error messages */
    String label() {
        return (shortName == 0 ? "" : "-" + shortName + "/") + "--" + longName;
    }

    /** @param word a word of a command line @return whether it names this option */
    boolean matches(String word) {
        if (word.equals("--" + longName) || word.startsWith("--" + longName + "=")) {
            return true;
        }
        return shortName != 0 && word.equals("-" + shortName);
    }
}
