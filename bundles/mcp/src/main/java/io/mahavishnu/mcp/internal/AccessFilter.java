package io.mahavishnu.mcp.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Access control of every endpoint of the runtime's HTTP server (MCP, metrics, event stream, dashboard), registered
 * once as a whiteboard filter on {@code /*}: bearer token (401) and browser Origin (403, against DNS rebinding).
 * It lives here because the server's address and token are set in {@code etc/io.mahavishnu.mcp.cfg}; other
 * bundles serving on the same port rely on it through its service property {@value #MARKER} instead of copying it.
 *
 * <p>Browsers cannot put a header on a page load or an {@code EventSource}; for GET requests the token may also
 * come as the {@code access_token} query parameter (RFC 6750 §2.3).
 */
final class AccessFilter implements Filter {

    /** Service property marking this filter, with whether a token is required ({@code true}/{@code false}). */
    static final String MARKER = "mahavishnu.http.access";
    /** Query parameter carrying the token on GET requests. */
    static final String TOKEN_PARAMETER = "access_token";

    private final Supplier<McpSettings> settings;
    private final ObjectMapper json = new ObjectMapper();

    AccessFilter(Supplier<McpSettings> settings) {
        this.settings = settings;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        McpSettings s = settings.get();
        if (s.tokenRequired() && !tokenMatches(req.getHeader("Authorization"), s.bearerToken())
                && !queryTokenMatches(req, s.bearerToken())) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"mahavishnu\"");
            refuse(req, res, HttpServletResponse.SC_UNAUTHORIZED, "Missing or wrong bearer token: send "
                    + "'Authorization: Bearer <token>' with the token set as bearer_token in etc/io.mahavishnu.mcp.cfg"
                    + " (browsers: add ?" + TOKEN_PARAMETER + "=<token> to the address)");
            return;
        }
        String origin = req.getHeader("Origin");
        if (origin != null && !originAllowed(origin, s)) {
            refuse(req, res, HttpServletResponse.SC_FORBIDDEN, "Origin " + origin + " is not allowed; add it to "
                    + "allowed_origins in etc/io.mahavishnu.mcp.cfg");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean tokenMatches(String header, String token) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return same(header.substring(7).trim(), token);
    }

    /** Only GET/HEAD, and only from the query string: reading a parameter must never consume a request body. */
    static boolean queryTokenMatches(HttpServletRequest req, String token) {
        String query = req.getQueryString();
        if (query == null || !("GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod()))) {
            return false;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && TOKEN_PARAMETER.equals(pair.substring(0, eq))) {
                try {
                    return same(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8), token);
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static boolean same(String given, String token) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Browser origins: those listed in allowed_origins, plus http(s)://localhost / 127.0.0.1 / [::1] (any port)
     * while the server listens on loopback.
     */
    static boolean originAllowed(String origin, McpSettings s) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        if (s.allowedOrigins().contains(o)) {
            return true;
        }
        if (!McpSettings.isLoopback(s.host())) {
            return false;
        }
        try {
            URI uri = URI.create(o);
            String scheme = uri.getScheme();
            return uri.getHost() != null && ("http".equals(scheme) || "https".equals(scheme))
                    && McpSettings.isLoopback(uri.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void refuse(HttpServletRequest req, HttpServletResponse res, int status, String message)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "failed");
        body.put("error", message);
        if (req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) {
            // The request body is left unread: the server closes the connection after this answer, and says so, so
            // that the client does not send its next request on it.
            res.setHeader("Connection", "close");
        }
        res.setStatus(status);
        res.setContentType("application/json");
        res.setCharacterEncoding("UTF-8");
        res.getOutputStream().write(json.writeValueAsBytes(body));
    }
}
