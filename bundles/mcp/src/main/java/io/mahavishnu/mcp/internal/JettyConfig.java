package io.mahavishnu.mcp.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Points the runtime's HTTP server (Felix HTTP Jetty, configuration PID {@value #PID}) at the MCP host and port,
 * so {@code etc/io.mahavishnu.mcp.cfg} is the one place to set them. Only the two listen settings are written;
 * anything else an operator put in that configuration is kept. Nothing is written when they already match, so the
 * server is not restarted needlessly (also not when the framework properties the server booted with match).
 */
final class JettyConfig {

    static final String PID = "org.apache.felix.http";
    static final String PORT = "org.osgi.service.http.port";
    static final String HOST = "org.apache.felix.http.host";

    private JettyConfig() {
    }

    /** @return true if the configuration was changed (the HTTP server restarts on the new address) */
    static boolean apply(ConfigurationAdmin configAdmin, BundleContext context, String host, int port)
            throws IOException {
        Configuration c = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> current = c.getProperties();
        Object currentHost = current == null ? context.getProperty(HOST) : current.get(HOST);
        Object currentPort = current == null ? context.getProperty(PORT) : current.get(PORT);
        if (Objects.equals(String.valueOf(currentHost), host)
                && Objects.equals(String.valueOf(currentPort), String.valueOf(port))) {
            return false;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        if (current != null) {
            for (Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                props.put(k, current.get(k));
            }
        }
        props.put(HOST, host);
        props.put(PORT, port);
        c.update(props);
        return true;
    }
}
