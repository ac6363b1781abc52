package io.mahavishnu.launcher.attach;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where and how to attach, read like the runtime reads it: {@code etc/io.mahavishnu.shell.remote.cfg}, overridden
 * by the same {@code MAHAVISHNU_ATTACH_*} environment variables. A wildcard listening address is reached on
 * 127.0.0.1.
 *
 * @param enabled whether the runtime's attach console is enabled
 * @param host    address to connect to
 * @param port    port to connect to
 * @param keyDir  folder of {@code client_key} and {@code host_key.pub}
 */
record AttachTarget(boolean enabled, String host, int port, Path keyDir) {

    /** Configuration file of the attach server, relative to the installation folder. */
    static final String CONFIG = "etc/io.mahavishnu.shell.remote.cfg";

    /**
     * @param home the installation folder
     * @param env  environment variables
     * @return the target
     * @throws AttachException if a setting is invalid
     */
    static AttachTarget read(Path home, Map<String, String> env) throws AttachException {
        Properties p = new Properties();
        Path file = home.resolve(CONFIG);
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new AttachException("cannot read " + file + ": " + e.getMessage());
            }
        }
        boolean enabled = Boolean.parseBoolean(setting(p, env, "attach_enabled", "true"));
        String host = setting(p, env, "attach_host", "127.0.0.1");
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        String rawPort = setting(p, env, "attach_port", "8101");
        int port;
        try {
            port = Integer.parseInt(rawPort);
        } catch (NumberFormatException e) {
            throw new AttachException("attach_port must be a number between 1 and 65535 (got: '" + rawPort + "')");
        }
        Path keyDir = home.resolve(setting(p, env, "attach_key_dir", "data/ssh"));
        return new AttachTarget(enabled, host, port, keyDir);
    }

    /** The environment variable wins over the file, as in the runtime. FileInstall's quotes are removed. */
    private static String setting(Properties p, Map<String, String> env, String key, String dflt) {
        String v = env.get("MAHAVISHNU_" + key.toUpperCase(java.util.Locale.ROOT));
        if (v == null) {
            v = p.getProperty(key, dflt);
        }
        v = v.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }
}
