package io.mahavishnu.launcher.attach;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.io.output.NoCloseOutputStream;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * {@code bin/mahavishnu shell [COMMAND...]}: attaches to the running runtime. Without a command it opens the
 * console (needs a terminal); with one it runs it, prints its output and exits with its status. Logs in with the
 * client key the runtime generated in {@code data/ssh/} and checks the server against the host key there, so it
 * only ever talks to this installation's runtime.
 *
 * <p>Exit status: the command's (0 ok, 1 error); 2 if it could not attach (not running, keys missing, refused).
 */
public final class Attach {

    /** Exit status when the runtime could not be reached or refused the client. */
    static final int CANNOT_ATTACH = 2;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private Attach() {
    }

    /**
     * @param args the command line to run, or nothing for the console
     */
    public static void main(String[] args) {
        // The SSH library logs through slf4j; the user sees our one-line messages instead.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
        String home = System.getProperty("mahavishnu.home", ".");
        int status;
        try {
            status = run(Paths.get(home), Arrays.asList(args));
        } catch (AttachException e) {
            System.err.println("Error: " + e.getMessage());
            status = CANNOT_ATTACH;
        }
        System.out.flush();
        System.exit(status);
    }

    static int run(Path home, List<String> args) throws AttachException {
        AttachTarget target = AttachTarget.read(home, System.getenv());
        if (!target.enabled()) {
            throw new AttachException("the attach console is disabled (attach_enabled = false in "
                    + home.resolve(AttachTarget.CONFIG) + ")");
        }
        KeyPair clientKey = clientKey(target.keyDir().resolve("client_key"));
        PublicKey hostKey = hostKey(target.keyDir().resolve("host_key.pub"));
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> KeyUtils.compareKeys(hostKey, key));
        client.start();
        Thread hook = new Thread(client::stop, "mahavishnu-attach-close");
        Runtime.getRuntime().addShutdownHook(hook);
        try (ClientSession session = connect(client, target)) {
            session.addPublicKeyIdentity(clientKey);
            try {
                session.auth().verify(CONNECT_TIMEOUT);
            } catch (IOException e) {
                throw new AttachException("the runtime at " + target.host() + ":" + target.port()
                        + " refused the client key (" + rootMessage(e) + ")");
            }
            return args.isEmpty() ? new InteractiveConsole(session).run() : oneShot(session, CommandLine.of(args));
        } catch (IOException e) {
            throw new AttachException("lost the connection to the runtime: " + rootMessage(e));
        } finally {
            client.stop();
        }
    }

    /**
     * Connects, waiting up to {@code MAHAVISHNU_ATTACH_WAIT} seconds (default 15) while the port refuses
     * connections: right after {@code bin/mahavishnu start} the console may still be opening its port.
     */
    private static ClientSession connect(SshClient client, AttachTarget target) throws AttachException {
        String user = System.getProperty("user.name", "admin");
        long deadline = System.nanoTime() + waitForPort().toNanos();
        while (true) {
            try {
                return client.connect(user, target.host(), target.port()).verify(CONNECT_TIMEOUT).getSession();
            } catch (IOException e) {
                String msg = rootMessage(e);
                if (msg.contains("Server key did not validate") || msg.toLowerCase().contains("key")) {
                    throw new AttachException("the program listening on " + target.host() + ":" + target.port()
                            + " is not this installation's runtime (its host key differs from "
                            + target.keyDir().resolve("host_key.pub") + ")");
                }
                if (!msg.contains("Connection refused") || System.nanoTime() > deadline) {
                    throw new AttachException("cannot connect to the runtime at " + target.host() + ":"
                            + target.port() + " (" + msg + "); is it running? (bin/mahavishnu status)");
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AttachException("interrupted while connecting");
            }
        }
    }

    private static Duration waitForPort() {
        String v = System.getenv("MAHAVISHNU_ATTACH_WAIT");
        try {
            return Duration.ofSeconds(v == null ? 15 : Math.max(0, Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(15);
        }
    }

    private static int oneShot(ClientSession session, String command) throws IOException {
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setIn(new ByteArrayInputStream(new byte[0]));
            channel.setOut(new NoCloseOutputStream(System.out));
            channel.setErr(new NoCloseOutputStream(System.err));
            channel.open().verify(CONNECT_TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
            Integer status = channel.getExitStatus();
            return status == null ? 1 : status;
        }
    }

    private static KeyPair clientKey(Path file) throws AttachException {
        if (!Files.isRegularFile(file)) {
            throw new AttachException("no client key at " + file + "; the runtime creates it when it first starts"
                    + " (bin/mahavishnu start)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                    in, null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new AttachException("no key in " + file);
            }
            return it.next();
        } catch (IOException | GeneralSecurityException e) {
            throw new AttachException("cannot read the client key " + file + ": " + e.getMessage()
                    + " (run as the user who runs the runtime)");
        }
    }

    private static PublicKey hostKey(Path file) throws AttachException {
        try {
            String line = Files.readString(file).trim();
            return PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, java.util.Map.of(), PublicKeyEntryResolver.FAILING);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new AttachException("cannot read the runtime's host key " + file + ": " + e.getMessage());
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }
}
