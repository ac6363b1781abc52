package io.mahavishnu.shell.internal;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.felix.service.command.CommandSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the command components. Gogo calls {@link #_main} for every function of the service (it is how Gogo
 * reaches names such as {@code close-all} that are not Java method names); this class parses the words with the
 * command's {@link CommandSpec}, answers {@code --help}, runs the handler, and turns every failure into a one-line
 * {@link CommandException}.
 */
public abstract class CommandGroup {

    private static final Logger LOG = LoggerFactory.getLogger(CommandGroup.class);

    /** What a command does with its parsed words. */
    @FunctionalInterface
    interface Handler {
        void run(Call call) throws Exception;
    }

    /**
     * One invocation.
     *
     * @param session the Gogo session (current directory, variables)
     * @param args    the parsed words
     * @param out     where the command prints (the session's output)
     */
    record Call(CommandSession session, Args args, PrintStream out) {
    }

    private final Map<String, Map.Entry<CommandSpec, Handler>> commands = new LinkedHashMap<>();

    /** @param spec a command of this group @param handler what it does */
    protected final void command(CommandSpec spec, Handler handler) {
        commands.put(spec.name(), Map.entry(spec, handler));
    }

    /**
     * Entry point Gogo calls for every function of this service.
     *
     * @param session the session
     * @param argv    the function name, then the words after it
     * @return nothing: commands print their output
     * @throws CommandException if the command failed; its {@code toString()} is the line to show
     */
    public Object _main(CommandSession session, String[] argv) {
        String name = argv.length == 0 ? "" : argv[0];
        Map.Entry<CommandSpec, Handler> entry = commands.get(name);
        if (entry == null) {
            throw new CommandException("no command " + name + " here (valid: " + String.join(", ", commands.keySet())
                    + ")");
        }
        CommandSpec spec = entry.getKey();
        // System.out is the session's output on the command's thread (Gogo redirects it per thread).
        PrintStream out = System.out;
        Args args = spec.parse(Arrays.asList(argv).subList(1, argv.length));
        if (args.help()) {
            out.print(spec.help());
            return null;
        }
        try {
            entry.getValue().run(new Call(session, args, out));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(spec.fullName() + " was interrupted");
        } catch (Exception e) {
            CommandException user = CommandException.userError(e);
            if (user != null) {
                throw user;
            }
            Throwable cause = CommandException.unwrap(e);
            LOG.warn("{} failed", spec.fullName(), cause);
            throw new CommandException(spec.fullName() + " failed: " + CommandException.describe(cause)
                    + " (details in the log)");
        } finally {
            out.flush();
        }
    }
}
