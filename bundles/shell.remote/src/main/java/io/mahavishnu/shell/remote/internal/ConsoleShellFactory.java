package io.mahavishnu.shell.remote.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.shell.ShellFactory;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSH {@code shell} requests: a JLine terminal over the channel, set up from the client's pty modes and window
 * size, running an interactive console. The terminal is an {@link ExternalTerminal}, which interprets Ctrl-C
 * itself and so interrupts the running command; a terminal backed by a native pseudo-terminal (what JLine's own
 * SSH shell factory may pick) would turn Ctrl-C into a signal for no process.
 */
final class ConsoleShellFactory implements ShellFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleShellFactory.class);

    private final Consoles consoles;

    ConsoleShellFactory(Consoles consoles) {
        this.consoles = consoles;
    }

    @Override
    public Command createShell(ChannelSession channel) {
        return new ConsoleCommand();
    }

    /** One attached console. */
    private final class ConsoleCommand implements Command {
        private InputStream in;
        private OutputStream out;
        private ExitCallback exit;
        private volatile boolean closed;

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            // the console writes everything to the terminal
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            Map<String, String> vars = env.getEnv();
            Terminal terminal = new ExternalTerminal("mahavishnu-attached", vars.getOrDefault("TERM", "xterm"), in,
                    out, StandardCharsets.UTF_8);
            terminal.setAttributes(attributes(env.getPtyModes()));
            terminal.setSize(size(vars));
            env.addSignalListener((ch, signal) -> {
                terminal.setSize(size(env.getEnv()));
                terminal.raise(Terminal.Signal.WINCH);
            }, Signal.WINCH);
            Thread t = new Thread(() -> {
                try {
                    consoles.interactive(terminal, channel.getSession());
                } finally {
                    close();
                }
            }, "mahavishnu-attached-console");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
            close();
        }

        private synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.flush();
                in.close();
                out.close();
            } catch (IOException e) {
                LOG.debug("Closing an attached console's streams failed", e);
            }
            exit.onExit(0);
        }
    }

    /** Pty mode names are the POSIX names JLine uses too (VINTR, ISIG, ICRNL, OPOST, ...). */
    static Attributes attributes(Map<PtyMode, Integer> modes) {
        Attributes a = new Attributes();
        for (Map.Entry<PtyMode, Integer> e : modes.entrySet()) {
            String name = e.getKey().name();
            int v = e.getValue();
            if (set(() -> a.setControlChar(Attributes.ControlChar.valueOf(name), v))
                    || set(() -> a.setLocalFlag(Attributes.LocalFlag.valueOf(name), v != 0))
                    || set(() -> a.setInputFlag(Attributes.InputFlag.valueOf(name), v != 0))
                    || set(() -> a.setOutputFlag(Attributes.OutputFlag.valueOf(name), v != 0))) {
                continue;
            }
            LOG.debug("Ignoring pty mode {}", name);
        }
        return a;
    }

    private static boolean set(Runnable setter) {
        try {
            setter.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Size size(Map<String, String> vars) {
        return new Size(number(vars.get(Environment.ENV_COLUMNS), 80), number(vars.get(Environment.ENV_LINES), 24));
    }

    private static int number(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
