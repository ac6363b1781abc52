package io.mahavishnu.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jline.builtins.Options;

/**
 * What a command accepts: its positional arguments and options with defaults. From it come the help text, the
 * parsing of a command line (by JLine's {@link Options}) into {@link Args} with one-line errors that name the
 * bad word and list what is valid, and the tab completion data.
 *
 * @param scope    Gogo scope, e.g. {@code pool}
 * @param name     function, e.g. {@code spawn}
 * @param summary  one line saying what it does
 * @param args     positional arguments, in order
 * @param options  options (a {@code --help} option is implied)
 * @param examples example command lines for help, may be empty
 */
record CommandSpec(String scope, String name, String summary, List<ArgSpec> args, List<OptionSpec> options,
                   List<String> examples) {

    /** The option every command has. */
    static final OptionSpec HELP = OptionSpec.flag((char) 0, "help", "show this help and exit");

    private static final Pattern INVALID = Pattern.compile("invalid option '(-{0,2})(.+)'");
    private static final Pattern NEEDS_ARG = Pattern.compile("option '(-{0,2})(.+)' requires an argument");
    private static final Pattern NO_ARG = Pattern.compile("option '--(.+)' doesn't allow an argument");
    private static final Pattern AMBIGUOUS = Pattern.compile("option '--(.+)' is ambiguous: \\[(.*)]");

    /** Copies the lists. */
    CommandSpec {
        args = List.copyOf(args);
        List<OptionSpec> all = new ArrayList<>(options);
        all.add(HELP);
        options = List.copyOf(all);
        examples = List.copyOf(examples);
    }

    /** @return {@code scope:name} */
    String fullName() {
        return scope + ":" + name;
    }

    /** @return the synopsis, e.g. {@code pool:execute POOL_ID --prompt=TEXT [OPTIONS]} */
    String usage() {
        StringBuilder sb = new StringBuilder(fullName());
        for (ArgSpec a : args) {
            sb.append(' ').append(a.synopsis());
        }
        for (OptionSpec o : options) {
            if (o.required()) {
                sb.append(" --").append(o.longName()).append('=').append(o.argName());
            }
        }
        if (options.stream().anyMatch(o -> !o.required() && o != HELP)) {
            sb.append(" [OPTIONS]");
        }
        return sb.toString();
    }

    /** @return the full help: summary, usage, arguments, options with defaults, examples */
    String help() {
        StringBuilder sb = new StringBuilder();
        sb.append(fullName()).append(" - ").append(summary).append("\n\n");
        sb.append("Usage: ").append(usage()).append('\n');
        int width = 0;
        for (ArgSpec a : args) {
            width = Math.max(width, a.name().length());
        }
        for (OptionSpec o : options) {
            width = Math.max(width, o.synopsis().length());
        }
        if (!args.isEmpty()) {
            sb.append("\nArguments:\n");
            for (ArgSpec a : args) {
                sb.append(line(a.name(), width, a.description()));
            }
        }
        sb.append("\nOptions:\n");
        for (OptionSpec o : options) {
            String text = o.description();
            if (o.required()) {
                text += " (required)";
            } else if (o.defaultValue() != null) {
                text += " (default: " + o.defaultValue() + ")";
            }
            if (o.repeatable()) {
                text += "; repeatable";
            }
            sb.append(line(o.synopsis(), width, text));
        }
        if (!examples.isEmpty()) {
            sb.append("\nExamples:\n");
            for (String e : examples) {
                sb.append("  ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    private static String line(String left, int width, String text) {
        return "  " + left + " ".repeat(width - left.length() + 3) + text + "\n";
    }

    /** @param word a word of a command line @return the option it names, if any */
    Optional<OptionSpec> option(String word) {
        return options.stream().filter(o -> o.matches(word)).findFirst();
    }

    /**
     * Parses the words after the command name.
     *
     * @param argv the words
     * @return the parsed arguments; when {@code --help} is given, nothing else is checked
     * @throws CommandException naming the bad word and what is valid
     */
    Args parse(List<String> argv) {
        Options parsed;
        try {
            parsed = Options.compile(jlineSpec(), env -> null).parse(argv);
        } catch (IllegalArgumentException e) {
            throw new CommandException(rephrase(e.getMessage()));
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (OptionSpec o : options) {
            if (!parsed.isSet(o.longName())) {
                continue;
            }
            List<String> given = o.takesValue() ? parsed.getList(o.longName()) : List.of();
            if (given.size() > 1 && !o.repeatable()) {
                throw new CommandException("option " + o.label() + " was given " + given.size()
                        + " times; give it once (usage: " + usage() + ")");
            }
            values.put(o.longName(), given);
        }
        Args result = new Args(this, values, parsed.args());
        if (!result.help()) {
            checkArity(result);
        }
        return result;
    }

    private void checkArity(Args parsed) {
        List<String> positional = parsed.positional();
        int max = args.stream().anyMatch(ArgSpec::variadic) ? Integer.MAX_VALUE : args.size();
        if (positional.size() > max) {
            throw new CommandException("unexpected argument '" + positional.get(max) + "' for " + fullName()
                    + " (usage: " + usage() + ")");
        }
        for (int i = positional.size(); i < args.size(); i++) {
            if (args.get(i).required()) {
                throw new CommandException(fullName() + " needs " + args.get(i).name() + " (usage: " + usage()
                        + ")");
            }
        }
        for (OptionSpec o : options) {
            if (o.required() && !parsed.has(o.longName())) {
                throw new CommandException(fullName() + " needs --" + o.longName() + "=" + o.argName()
                        + " (usage: " + usage() + ")");
            }
        }
    }

    /** JLine's spec lines: {@code -t --type=X}; help text is rendered by {@link #help()}, not by JLine. */
    private String[] jlineSpec() {
        List<String> lines = new ArrayList<>();
        lines.add("Usage: " + name);
        for (OptionSpec o : options) {
            String s = "  " + (o.shortName() == 0 ? "" : "-" + o.shortName() + " ") + "--" + o.longName();
            lines.add(o.takesValue() ? s + "=X" : s);
        }
        return lines.toArray(String[]::new);
    }

    /** Turns JLine's parse errors into ours: the bad word, and what is valid. */
    private String rephrase(String jlineMessage) {
        String msg = jlineMessage.substring(jlineMessage.indexOf(": ") + 2);
        Matcher m = INVALID.matcher(msg);
        if (m.matches()) {
            String word = (m.group(1).isEmpty() ? "-" : m.group(1)) + m.group(2);
            return "unknown option " + word + " for " + fullName() + " (valid: " + validOptions() + ")";
        }
        m = NEEDS_ARG.matcher(msg);
        if (m.matches()) {
            OptionSpec o = option(m.group(1).isEmpty() ? "-" + m.group(2) : m.group(1) + m.group(2)).orElse(null);
            return o == null ? msg : "option " + o.label() + " needs a value (" + o.argName() + ")";
        }
        m = NO_ARG.matcher(msg);
        if (m.matches()) {
            return "option --" + m.group(1) + " takes no value";
        }
        m = AMBIGUOUS.matcher(msg);
        if (m.matches()) {
            String names = List.of(m.group(2).split(",\\s*")).stream().map(n -> "--" + n)
                    .collect(Collectors.joining(", "));
            return "option --" + m.group(1) + " is ambiguous (could be " + names + ")";
        }
        return msg;
    }

    private String validOptions() {
        return options.stream().map(OptionSpec::label).collect(Collectors.joining(", "));
    }
}
