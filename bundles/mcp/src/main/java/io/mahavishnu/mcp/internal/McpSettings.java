package io.mahavishnu.mcp.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validated MCP server settings. Every bad value raises a {@link ValidationException} naming the setting.
 *
 * @param enabled          serve over HTTP
 * @param host             listen address
 * @param port             listen port
 * @param path             endpoint path, starting with '/'
 * @param bearerToken      required token, empty = none
 * @param allowedOrigins   browser origins allowed besides the loopback ones
 * @param maxRequestBytes  request body limit
 * @param requestTimeout   limit of non-task tool calls, and margin on top of a task's timeout
 * @param progressInterval how often running tasks report progress
 */
record McpSettings(boolean enabled, String host, int port, String path, String bearerToken,
                   List<String> allowedOrigins, int maxRequestBytes, Duration requestTimeout,
                   Duration progressInterval) {

    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");

    McpSettings {
        if (host == null || host.isBlank()) {
            throw new ValidationException("host", host, "must be an address to listen on, e.g. 127.0.0.1");
        }
        host = host.trim();
        range("port", port, 1, 65535);
        if (path == null || !PATH.matcher(path.trim()).matches() || path.contains("//")) {
            throw new ValidationException("path", path, "must be a URL path starting with '/', e.g. /mcp");
        }
        path = path.trim();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        bearerToken = bearerToken == null ? "" : bearerToken.trim();
        allowedOrigins = List.copyOf(allowedOrigins);
        range("max_request_bytes", maxRequestBytes, 1024, 64 * 1024 * 1024);
        range("request_timeout_seconds", requestTimeout.toSeconds(), 1, 3600);
        range("progress_interval_seconds", progressInterval.toSeconds(), 1, 600);
        if (enabled && bearerToken.isEmpty() && !isLoopback(host)) {
            throw new ValidationException("host", host, "is not a loopback address, so bearer_token must be set "
                    + "(etc/io.mahavishnu.mcp.cfg or MAHAVISHNU_BEARER_TOKEN); the MCP server refuses to start "
                    + "without it");
        }
    }

    static McpSettings of(McpConfig c) {
        List<String> origins = new ArrayList<>();
        for (String o : (c.allowed__origins() == null ? "" : c.allowed__origins()).split(",")) {
            String t = o.trim();
            if (!t.isEmpty()) {
                if (!t.startsWith("http://") && !t.startsWith("https://")) {
                    throw new ValidationException("allowed_origins", t,
                            "entries must be origins such as https://example.com");
                }
                origins.add(stripSlash(t.toLowerCase(Locale.ROOT)));
            }
        }
        return new McpSettings(c.enabled(), c.host(), c.port(), c.path(), c.bearer__token(), origins,
                c.max__request__bytes(), Duration.ofSeconds(c.request__timeout__seconds()),
                Duration.ofSeconds(c.progress__interval__seconds()));
    }

    /** @return the endpoint URL clients connect to */
    String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port + path;
    }

    /** @return whether a token is required */
    boolean tokenRequired() {
        return !bearerToken.isEmpty();
    }

    /**
     * @param host a host name or address
     * @return true for loopback names and addresses (localhost, 127.0.0.0/8, ::1); names are not resolved
     */
    static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ValidationException(key, value, "must be between " + min + " and " + max);
        }
    }
}
