package io.mahavishnu.shell.remote.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.util.List;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attach server: SSH on the loopback interface by default, public-key authentication only (the client key
 * generated on first start, plus the authorized keys file), no passwords, no forwarding, no file transfer. A
 * session opens the Gogo console or runs one command ({@link Consoles}). A configuration change restarts it.
 */
// Only with its configuration (etc/io.mahavishnu.shell.remote.cfg): never listen on a default port before etc/ is read.
@Component(service = {}, configurationPid = AttachServer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = AttachConfig.class)
public class AttachServer {

    /** Configuration PID. */
    public static final String PID = "io.mahavishnu.shell.remote";

    private static final Logger LOG = LoggerFactory.getLogger(AttachServer.class);

    private final SshServer server;

    /**
     * Starts listening, unless disabled.
     *
     * @param context   to find the installation folder
     * @param processor Gogo
     * @param shell     gogo.jline's shell, which runs consoles
     * @param config    settings
     * @throws IOException if the port cannot be bound or the keys cannot be written
     */
    @Activate
    public AttachServer(BundleContext context, @Reference CommandProcessor processor, @Reference Shell shell,
                        AttachConfig config) throws IOException, GeneralSecurityException {
        AttachSettings s;
        try {
            s = AttachSettings.of(config, home(context));
        } catch (IllegalArgumentException e) {
            LOG.error("Attach console not started: {} (etc/{}.cfg)", e.getMessage(), PID);
            throw e;
        }
        if (!s.enabled()) {
            server = null;
            LOG.info("Attach console disabled (attach_enabled = false in etc/{}.cfg)", PID);
        } else {
            server = start(s, new Consoles(processor, shell));
        }
    }

    @Deactivate
    void stop() {
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                LOG.warn("Stopping the attach console failed: {}", e.getMessage());
            }
        }
    }

    private static SshServer start(AttachSettings s, Consoles consoles) throws IOException, GeneralSecurityException {
        KeyFiles keys = new KeyFiles(s.keyDir());
        if (keys.ensure()) {
            LOG.info("Created the attach keys in {} (host key, and the client key bin/mahavishnu shell uses)",
                    keys.dir());
        }
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(s.host());
        sshd.setPort(s.port());
        sshd.setKeyPairProvider(KeyPairProvider.wrap(keys.hostKey()));
        sshd.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        sshd.setPublickeyAuthenticator(new KeyAuthenticator(keys.clientPublicKey(), s.authorizedKeys()));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setShellFactory(new ConsoleShellFactory(consoles));
        sshd.setCommandFactory((channel, command) -> new OneShotCommand(consoles, command));
        CoreModuleProperties.IDLE_TIMEOUT.set(sshd, s.idleTimeout());
        try {
            sshd.start();
        } catch (IOException e) {
            LOG.error("Attach console not started: cannot listen on {}:{}: {} (change attach_port in etc/{}.cfg)",
                    s.host(), s.port(), e.getMessage(), PID);
            throw e;
        }
        LOG.info("Attach console listening on {}:{}", s.host(), sshd.getPort());
        return sshd;
    }

    /** @return the installation folder: {@code mahavishnu.home}, else the working directory */
    private static Path home(BundleContext context) {
        String home = context.getProperty("mahavishnu.home");
        return Paths.get(home == null || home.isBlank() ? System.getProperty("user.dir") : home);
    }
}
