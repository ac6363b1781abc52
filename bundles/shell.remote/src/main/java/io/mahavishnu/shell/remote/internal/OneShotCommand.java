package io.mahavishnu.shell.remote.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.felix.service.command.CommandSession;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An SSH {@code exec} request: runs one command line in a fresh Gogo session and exits with its status (0 ok,
 * 1 error). If the client goes away (e.g. Ctrl-C in {@code bin/mahavishnu shell}), the command is interrupted, as
 * Ctrl-C does in the console.
 */
final class OneShotCommand implements Command {

    private final Consoles consoles;
    private final String command;
    private final AtomicReference<CommandSession> session = new AtomicReference<>();
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Thread thread;

    OneShotCommand(Consoles consoles, String command) {
        this.consoles = consoles;
        this.command = command;
    }

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
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        Thread t = new Thread(this::run, "mahavishnu-attach-command");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        int status = 1;
        try {
            status = consoles.oneShot(command, in, out, err, session::set);
        } finally {
            session.set(null);
            thread = null;
            exit.onExit(status);
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        CommandSession s = session.get();
        if (s != null) {
            Consoles.interrupt(s);
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
