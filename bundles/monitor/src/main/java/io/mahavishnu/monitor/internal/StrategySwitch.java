package io.mahavishnu.monitor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.manager.PoolManagerException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code POST <dashboard>/strategy} with {@code {"strategy": "<name>"}}: changes the manager's default routing
 * strategy. The token (when one is configured) was checked by the server's access filter; here the request must
 * also be same-origin and JSON, so another site cannot make a logged-in browser switch it (a cross-site JSON POST
 * needs a CORS preflight, which this server never grants).
 */
final class StrategySwitch {

    static final int MAX_BODY = 4096;

    private final PoolManager manager;
    private final JsonResponses json;

    StrategySwitch(PoolManager manager, JsonResponses json) {
        this.manager = manager;
        this.json = json;
    }

    void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
        // The body is read before any answer: a response sent while part of it is still on its way makes the server
        // close the connection after the response, and a client that reuses that connection then fails.
        byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            res.setHeader("Connection", "close");
            json.send(res, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, failed("Request body larger than "
                    + MAX_BODY + " bytes", null));
            return;
        }
        String crossSite = crossSite(req);
        if (crossSite != null) {
            json.send(res, HttpServletResponse.SC_FORBIDDEN, failed(crossSite, null));
            return;
        }
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            json.send(res, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, failed("Send the strategy as JSON: "
                    + "Content-Type: application/json, body {\"strategy\": \"<name>\"} (got Content-Type: " + type
                    + ")", null));
            return;
        }
        JsonNode node;
        try {
            node = json.mapper().readTree(body);
        } catch (IOException e) {
            node = null;
        }
        JsonNode value = node == null ? null : node.get("strategy");
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            json.send(res, HttpServletResponse.SC_BAD_REQUEST, failed("strategy must be the name of a deployed "
                    + "routing strategy: " + String.join(", ", new TreeSet<>(manager.strategies())) + " (got: "
                    + (value == null ? "nothing" : value.toString()) + ")", value == null ? null : value.toString()));
            return;
        }
        String name = value.asText().trim();
        String previous = manager.defaultStrategy();
        try {
            manager.setDefaultStrategy(name);
        } catch (PoolManagerException | IllegalArgumentException e) {
            json.send(res, HttpServletResponse.SC_BAD_REQUEST, failed(e.getMessage(), name));
            return;
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("status", "changed");
        ok.put("default_strategy", manager.defaultStrategy());
        ok.put("previous", previous);
        json.send(res, HttpServletResponse.SC_OK, ok);
    }

    /**
     * @return why the request is refused as cross-site, or null. Browsers send Origin (and Sec-Fetch-Site) with
     *         every POST; clients that are not browsers send neither and are not a CSRF vector.
     */
    static String crossSite(HttpServletRequest req) {
        String site = req.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "Cross-site request refused (Sec-Fetch-Site: " + site + "): switch the strategy from the "
                    + "dashboard of this server";
        }
        String origin = req.getHeader("Origin");
        if (origin == null) {
            return null;
        }
        String host = req.getHeader("Host");
        String authority;
        try {
            authority = URI.create(origin.trim()).getRawAuthority();
        } catch (IllegalArgumentException e) {
            authority = null;
        }
        if (authority == null || host == null || !authority.equalsIgnoreCase(host.trim())) {
            return "Cross-origin request refused: Origin " + origin + " is not this server (" + host + ")";
        }
        return null;
    }

    private static Map<String, Object> failed(String error, String strategy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "failed");
        m.put("error", error);
        if (strategy != null) {
            m.put("strategy", strategy);
        }
        return m;
    }
}
