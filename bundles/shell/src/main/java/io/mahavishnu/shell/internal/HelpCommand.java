package io.mahavishnu.shell.internal;

import java.io.PrintStream;
import java.util.Set;
import org.apache.felix.service.command.CommandSession;
import org.osgi.service.component.annotations.Component;

/**
 * {@code mahavishnu:help}: lists our commands, or shows one command's arguments, options and defaults. The shell's
 * SCOPE puts {@code mahavishnu} before Gogo's own scope, so a plain {@code help} lands here; for commands that
 * are not ours it hands over to Gogo's {@code help}.
 */
@Component(service = HelpCommand.class, property = {
        "osgi.command.scope=" + Specs.MAHAVISHNU,
        "osgi.command.function=help"})
public class HelpCommand extends CommandGroup {

    /** Session variable that hands the command name to Gogo's help. */
    private static final String TARGET = "mahavishnu_help_target";

    /** Registers the command. */
    public HelpCommand() {
        command(Specs.HELP, this::help);
    }

    private void help(Call call) throws Exception {
        PrintStream out = call.out();
        String name = call.args().arg(0);
        if (name == null) {
            Table t = Table.of("command", "description");
            for (CommandSpec s : Specs.ALL) {
                t.row(s.fullName(), s.summary());
            }
            t.print(out);
            out.println();
            out.println("Type help COMMAND (or COMMAND --help) for its options and defaults. Other shell commands:"
                    + " lb, scr:list, ... (gogo:help lists them all).");
            return;
        }
        CommandSpec spec = Specs.find(name).orElse(null);
        if (spec != null) {
            out.print(spec.help());
            return;
        }
        if (!shellKnows(call.session(), name)) {
            throw new CommandException("unknown command " + name + " (help lists the Mahavishnu commands;"
                    + " gogo:help lists all)");
        }
        // Gogo's help prints to the same output; the name is passed as a variable so it is never re-parsed.
        call.session().put(TARGET, name);
        try {
            call.session().execute("gogo:help $" + TARGET);
        } finally {
            call.session().put(TARGET, null);
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean shellKnows(CommandSession session, String name) {
        Object commands = session.get(".commands");
        if (!(commands instanceof Set)) {
            return false;
        }
        String n = name.toLowerCase(java.util.Locale.ROOT);
        for (String c : (Set<String>) commands) {
            if (c.equals(n) || c.endsWith(":" + n)) {
                return ((Set<String>) commands).contains("gogo:help");
            }
        }
        return false;
    }
}
