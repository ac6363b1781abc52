package io.mahavishnu.bus.redis.internal;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.osgi.framework.BundleContext;

/**
 * This runtime's name on the bus (its consumer name in the queues' consumer group). It must stay the same across
 * restarts, so that after a crash the runtime takes back at once what it had received without acknowledging, and
 * differ between runtimes sharing a bus. Unless configured, it is derived from the host name and the installation
 * folder ({@code mahavishnu.home}, else the framework storage folder): two copies of the distribution on one machine
 * get different names, and a runtime keeps its name as long as it runs from the same folder on the same host.
 */
final class RuntimeIdentity {

    private RuntimeIdentity() {
    }

    /**
     * @param configured the runtime_id setting, empty to derive one
     * @param context    the bundle context (for the installation folder), may be null in tests
     * @return the runtime id
     */
    static String resolve(String configured, BundleContext context) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String folder = null;
        if (context != null) {
            folder = context.getProperty("mahavishnu.home");
            if (folder == null) {
                folder = context.getProperty("org.osgi.framework.storage");
            }
            if (folder == null) {
                folder = String.valueOf(context.getDataFile(""));
            }
        }
        return derive(hostName(), folder == null ? System.getProperty("user.dir") : folder);
    }

    static String derive(String host, String folder) {
        String h = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        if (h.isEmpty() || !Character.isLetterOrDigit(h.charAt(0))) {
            h = "runtime" + h;
        }
        if (h.length() > 64) {
            h = h.substring(0, 64);
        }
        return h + "-" + sha256(folder).substring(0, 10);
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "runtime";
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
