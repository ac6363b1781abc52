package io.mahavishnu.shell.remote.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Validated attach settings. Every check names the setting, the bad value and what is valid; a refused setting
 * keeps the server down (and says so in the log) rather than opening something unintended.
 *
 * @param enabled        whether to listen
 * @param host           address to listen on
 * @param port           TCP port
 * @param authorizedKeys extra authorized keys file (may not exist)
 * @param keyDir         folder of the host key and the client key pair
 * @param idleTimeout    idle timeout, zero for none
 */
record AttachSettings(boolean enabled, String host, int port, Path authorizedKeys, Path keyDir,
                      Duration idleTimeout) {

    /**
     * @param c    the configuration
     * @param home installation folder relative paths are resolved against
     * @return the settings
     * @throws IllegalArgumentException naming the bad setting
     */
    static AttachSettings of(AttachConfig c, Path home) {
        int port = c.attach__port();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("attach_port must be between 1 and 65535 (got: " + port + ")");
        }
        String host = c.attach__host() == null ? "" : c.attach__host().trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("attach_host must be an address to listen on, e.g. 127.0.0.1"
                    + " (got: '')");
        }
        if (!c.attach__allow__remote() && !isLoopback(host)) {
            throw new IllegalArgumentException("attach_host must be a loopback address such as 127.0.0.1 unless"
                    + " attach_allow_remote = true (got: '" + host + "')");
        }
        int idle = c.attach__idle__timeout__minutes();
        if (idle < 0 || idle > 1440) {
            throw new IllegalArgumentException("attach_idle_timeout_minutes must be between 0 and 1440 (got: "
                    + idle + ")");
        }
        return new AttachSettings(c.attach__enabled(), host, port, home.resolve(c.attach__authorized__keys()),
                home.resolve(c.attach__key__dir()), Duration.ofMinutes(idle));
    }

    /** @param host a name or address @return whether every address it stands for is a loopback address */
    static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
