package io.mahavishnu.shell.internal;

/**
 * One positional argument of a command.
 *
 * @param name        name in help, e.g. {@code POOL_ID}
 * @param description one line for help
 * @param completion  what it completes to
 * @param required    whether it must be given
 * @param variadic    whether it takes all remaining words (last argument only)
 */
record ArgSpec(String name, String description, Completion completion, boolean required, boolean variadic) {

    /** @return a required single argument */
    static ArgSpec required(String name, String description, Completion completion) {
        return new ArgSpec(name, description, completion, true, false);
    }

    /** @return an optional single argument */
    static ArgSpec optional(String name, String description, Completion completion) {
        return new ArgSpec(name, description, completion, false, false);
    }

    /** @return an optional argument taking the remaining words */
    static ArgSpec rest(String name, String description) {
        return new ArgSpec(name, description, Completion.NONE, false, true);
    }

    /** @return {@code POOL_ID}, {@code [NAME]} or {@code [PROMPT...]} */
    String synopsis() {
        String s = name + (variadic ? "..." : "");
        return required ? s : "[" + s + "]";
    }
}
