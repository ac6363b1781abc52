package io.mahavishnu.shell.internal;

import org.apache.felix.service.command.CommandSession;
import org.jline.terminal.Terminal;

/**
 * Ctrl-C while a command waits for tasks. In a console, the console would interrupt the command's job and print
 * the bare {@code InterruptedException}; instead, while installed, Ctrl-C runs the command's own cancel action
 * (cancel the task or the batch), so the command ends normally: it shows what was cancelled and one error line.
 * Without a terminal (one-shot commands, scripts) nothing is installed and an interrupt still cancels.
 */
final class CtrlC implements AutoCloseable {

    /** Session variable holding the console's terminal. */
    private static final String TERMINAL = ".terminal";

    private final Terminal terminal;
    private final Terminal.SignalHandler previous;

    private CtrlC(Terminal terminal, Terminal.SignalHandler previous) {
        this.terminal = terminal;
        this.previous = previous;
    }

    /**
     * @param session the command's session
     * @param cancel  what Ctrl-C does until {@link #close()}; runs on the terminal's input thread
     * @return the installed handler; close it when the wait is over
     */
    static CtrlC cancels(CommandSession session, Runnable cancel) {
        Object t = session == null ? null : session.get(TERMINAL);
        if (!(t instanceof Terminal)) {
            return new CtrlC(null, null);
        }
        Terminal terminal = (Terminal) t;
        return new CtrlC(terminal, terminal.handle(Terminal.Signal.INT, s -> cancel.run()));
    }

    @Override
    public void close() {
        if (terminal != null) {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }
}
