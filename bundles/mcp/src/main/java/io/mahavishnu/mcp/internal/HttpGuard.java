package io.mahavishnu.mcp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Admission of HTTP requests to the MCP endpoint, before the SDK sees them: body size (413). It also reads the
 * JSON-RPC message to stop a running call on {@code notifications/cancelled} and to tag each request with its call
 * key. Token and Origin were checked before, by the server-wide {@link AccessFilter}.
 */
final class HttpGuard {

    /** Header carrying the MCP session id. */
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String CANCELLED = "notifications/cancelled";

    private final Supplier<McpSettings> settings;
    private final InFlightCalls inFlight;
    private final ObjectMapper json = new ObjectMapper();

    HttpGuard(Supplier<McpSettings> settings, InFlightCalls inFlight) {
        this.settings = settings;
        this.inFlight = inFlight;
    }

    /**
     * @return the request to hand to the SDK (with its body cached), or null when this guard has already answered
     */
    HttpServletRequest admit(HttpServletRequest req, HttpServletResponse res) throws IOException {
        McpSettings s = settings.get();
        if (!"POST".equals(req.getMethod())) {
            return req;
        }
        if (req.getContentLengthLong() > s.maxRequestBytes()) {
            return tooLarge(res, s);
        }
        byte[] body = read(req.getInputStream(), s.maxRequestBytes());
        if (body == null) {
            return tooLarge(res, s);
        }
        CachedBodyRequest cached = new CachedBodyRequest(req, body);
        JsonNode message = parse(body);
        if (message == null) {
            return cached;
        }
        String session = req.getHeader(SESSION_HEADER);
        if (CANCELLED.equals(message.path("method").asText(null)) && !message.has("id")) {
            JsonNode requestId = message.path("params").path("requestId");
            if (!requestId.isMissingNode()) {
                inFlight.cancel(InFlightCalls.key(session, requestId.toString()));
            }
            res.setStatus(HttpServletResponse.SC_ACCEPTED);
            return null;
        }
        if (message.has("id") && message.has("method")) {
            cached.setAttribute(ToolServer.CALL_KEY, InFlightCalls.key(session, message.get("id").toString()));
        }
        return cached;
    }

    private HttpServletRequest tooLarge(HttpServletResponse res, McpSettings s) throws IOException {
        return refuse(res, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Request body larger than "
                + s.maxRequestBytes() + " bytes (max_request_bytes in etc/io.mahavishnu.mcp.cfg)");
    }

    private HttpServletRequest refuse(HttpServletResponse res, int status, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "failed");
        body.put("error", message);
        // The request body is left unread: the server closes the connection after this answer, and says so, so
        // that the client does not send its next request on it.
        res.setHeader("Connection", "close");
        res.setStatus(status);
        res.setContentType("application/json");
        res.setCharacterEncoding("UTF-8");
        res.getOutputStream().write(json.writeValueAsBytes(body));
        return null;
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode n = json.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** @return the body, or null if it is longer than {@code max} bytes */
    private static byte[] read(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) != -1) {
            if (out.size() + n > max) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
