package io.mahavishnu.shell.remote.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Job;
import org.apache.sshd.server.session.ServerSession;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Gogo for an attached client, exactly as the local console does: {@code gosh --login} reads
 * {@code etc/gosh_profile} (scope, prompt, completion), so commands, help and completion behave the same. Leaving
 * an attached console never stops the runtime ({@code --noshutdown}).
 */
final class Consoles {

    private static final Logger LOG = LoggerFactory.getLogger(Consoles.class);

    private final CommandProcessor processor;
    private final Shell shell;

    Consoles(CommandProcessor processor, Shell shell) {
        this.processor = processor;
        this.shell = shell;
    }

    /**
     * Interactive console on the client's terminal; returns when the user leaves (Ctrl-D).
     *
     * @param terminal the client's terminal
     * @param ssh      the SSH session (user name; its end cancels a running command)
     */
    void interactive(Terminal terminal, ServerSession ssh) {
        try (CommandSession session = processor.createSession(terminal.input(), terminal.output(),
                terminal.output())) {
            session.put(Shell.VAR_TERMINAL, terminal);
            session.put("USER", ssh.getUsername());
            // A client that goes away mid-command (closed terminal, lost network) cancels the command, as Ctrl-C would.
            ssh.addCloseFutureListener(f -> interrupt(session));
            terminal.writer().println("Mahavishnu console. Type help for the commands, Tab to complete;"
                    + " Ctrl-D leaves (the runtime keeps running).");
            terminal.flush();
            shell.gosh(session, new String[] {"--login", "--noshutdown"});
        } catch (Exception e) {
            LOG.warn("Attached console ended with an error: {}", e.toString());
        } finally {
            try {
                terminal.close();
            } catch (Exception e) {
                LOG.debug("Closing the attached terminal failed", e);
            }
        }
    }

    /** Interrupts the command running in the session, if any (what Ctrl-C does in the console). */
    static void interrupt(CommandSession session) {
        Job job = session.foregroundJob();
        if (job != null) {
            job.interrupt();
        }
    }

    /**
     * Runs one command line.
     *
     * @param command the Gogo command line
     * @param in      the client's input
     * @param out     the client's output: the command's output and its result
     * @param err     the client's error output: the one-line error, if any
     * @param running receives the session while it runs (to interrupt the command if the client goes away)
     * @return exit status: 0 if the command succeeded, 1 if it failed
     */
    int oneShot(String command, InputStream in, OutputStream out, OutputStream err,
                java.util.function.Consumer<CommandSession> running) {
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        try (Terminal terminal = new DumbTerminal("mahavishnu", "dumb", in, out, StandardCharsets.UTF_8);
             CommandSession session = processor.createSession(terminal.input(), terminal.output(),
                     terminal.output())) {
            session.put(Shell.VAR_TERMINAL, terminal);
            running.accept(session);
            try {
                Object result = shell.gosh(session, new String[] {"--login", "--nointeractive", "--noshutdown", "-c",
                    command});
                if (result != null) {
                    terminal.writer().println(session.format(result, Converter.INSPECT));
                }
                return 0;
            } catch (Exception e) {
                errors.println(errorLine(e));
                return 1;
            } finally {
                terminal.writer().flush();
                terminal.flush();
            }
        } catch (Exception e) {
            errors.println("Error: " + e.getMessage());
            return 1;
        }
    }

    /**
     * @param e what a command threw
     * @return the one line to show: Mahavishnu commands' errors already read {@code Error: ...}; others get it
     */
    static String errorLine(Throwable e) {
        String s = e.toString();
        if (s.startsWith("Error: ")) {
            return s;
        }
        String msg = e.getMessage();
        if (msg != null && msg.startsWith("Command not found: ")) {
            // Gogo's own words; say where the valid ones are
            return "Error: " + msg + " (help lists the commands)";
        }
        return "Error: " + (msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg);
    }
}
