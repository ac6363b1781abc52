package io.mahavishnu.launcher.attach;

import java.io.IOException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.util.io.input.NoCloseInputStream;
import org.apache.sshd.common.util.io.output.NoCloseOutputStream;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The attached console: puts the local terminal in raw mode and hands every key to the runtime's console, which
 * does the line editing and completion; window size changes follow. Ctrl-C reaches the running command (it
 * cancels it), Ctrl-D at the prompt leaves.
 */
final class InteractiveConsole {

    private final ClientSession session;

    InteractiveConsole(ClientSession session) {
        this.session = session;
    }

    /** @return exit status: 0 when the console was left normally */
    int run() throws IOException, AttachException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true).build()) {
            if (Terminal.TYPE_DUMB.equals(terminal.getType()) || terminal.getType().startsWith("dumb")) {
                throw new AttachException("the console needs a terminal; to run one command without one:"
                        + " bin/mahavishnu shell COMMAND (e.g. bin/mahavishnu shell pool:list)");
            }
            Attributes saved = terminal.enterRawMode();
            // Every key goes to the runtime's console, Ctrl-C included: there it cancels the running command.
            Attributes raw = terminal.getAttributes();
            raw.setLocalFlag(LocalFlag.ISIG, false);
            terminal.setAttributes(raw);
            try (ChannelShell channel = session.createShellChannel()) {
                channel.setPtyType(terminal.getType());
                channel.setPtyModes(modes(saved));
                channel.setPtyColumns(terminal.getWidth());
                channel.setPtyLines(terminal.getHeight());
                channel.setEnv("TERM", terminal.getType());
                channel.setIn(new NoCloseInputStream(terminal.input()));
                channel.setOut(new NoCloseOutputStream(terminal.output()));
                channel.setErr(new NoCloseOutputStream(terminal.output()));
                channel.open().verify();
                Map<Terminal.Signal, Terminal.SignalHandler> previous = new EnumMap<>(Terminal.Signal.class);
                previous.put(Terminal.Signal.WINCH, terminal.handle(Terminal.Signal.WINCH, s -> {
                    Size size = terminal.getSize();
                    try {
                        channel.sendWindowChange(size.getColumns(), size.getRows());
                    } catch (IOException e) {
                        // the console is closing; nothing to resize
                    }
                }));
                // Should the terminal still turn Ctrl-C, Ctrl-\ or Ctrl-Z into signals, pass them on as keys.
                forward(terminal, channel, Terminal.Signal.INT, saved.getControlChar(ControlChar.VINTR), previous);
                forward(terminal, channel, Terminal.Signal.QUIT, saved.getControlChar(ControlChar.VQUIT), previous);
                forward(terminal, channel, Terminal.Signal.TSTP, saved.getControlChar(ControlChar.VSUSP), previous);
                try {
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
                } finally {
                    previous.forEach(terminal::handle);
                }
                Integer status = channel.getExitStatus();
                return status == null ? 0 : status;
            } finally {
                terminal.setAttributes(saved);
                terminal.writer().println();
                terminal.flush();
            }
        }
    }

    private static void forward(Terminal terminal, ChannelShell channel, Terminal.Signal signal, int key,
                                Map<Terminal.Signal, Terminal.SignalHandler> previous) {
        if (key < 0) {
            return;
        }
        previous.put(signal, terminal.handle(signal, s -> {
            try {
                channel.getInvertedIn().write(key);
                channel.getInvertedIn().flush();
            } catch (IOException e) {
                // the console is closing; the key has nowhere to go
            }
        }));
    }

    /** The local terminal's settings, so the remote console edits lines and raises signals as this one would. */
    private static Map<PtyMode, Integer> modes(Attributes a) {
        Map<PtyMode, Integer> m = new HashMap<>();
        control(m, PtyMode.VINTR, a, ControlChar.VINTR);
        control(m, PtyMode.VQUIT, a, ControlChar.VQUIT);
        control(m, PtyMode.VERASE, a, ControlChar.VERASE);
        control(m, PtyMode.VKILL, a, ControlChar.VKILL);
        control(m, PtyMode.VEOF, a, ControlChar.VEOF);
        control(m, PtyMode.VSUSP, a, ControlChar.VSUSP);
        control(m, PtyMode.VWERASE, a, ControlChar.VWERASE);
        control(m, PtyMode.VLNEXT, a, ControlChar.VLNEXT);
        m.put(PtyMode.ICRNL, flag(a.getInputFlag(InputFlag.ICRNL)));
        m.put(PtyMode.ISIG, flag(a.getLocalFlag(LocalFlag.ISIG)));
        m.put(PtyMode.ICANON, flag(a.getLocalFlag(LocalFlag.ICANON)));
        m.put(PtyMode.ECHO, flag(a.getLocalFlag(LocalFlag.ECHO)));
        m.put(PtyMode.IEXTEN, flag(a.getLocalFlag(LocalFlag.IEXTEN)));
        m.put(PtyMode.OPOST, flag(a.getOutputFlag(OutputFlag.OPOST)));
        m.put(PtyMode.ONLCR, flag(a.getOutputFlag(OutputFlag.ONLCR)));
        return m;
    }

    private static void control(Map<PtyMode, Integer> m, PtyMode mode, Attributes a, ControlChar c) {
        int v = a.getControlChar(c);
        if (v >= 0) {
            m.put(mode, v);
        }
    }

    private static int flag(boolean on) {
        return on ? 1 : 0;
    }
}
