package io.mahavishnu.monitor.internal;

import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The dashboard: {@code GET <path>} is one self-contained page (HTML, CSS and script inline, no external resource),
 * {@code GET <path>/state} its initial JSON state, {@code POST <path>/strategy} the strategy switch
 * ({@link StrategySwitch}). The page follows {@code /events} for live updates.
 */
final class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int RECENT_EVENTS = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final transient PoolManager manager;
    private final transient EventHub hub;
    private final transient MonitorSettings settings;
    private final transient JsonResponses json;
    private final transient StrategySwitch strategySwitch;
    private final transient BooleanSupplier tokenRequired;
    private final String page;

    DashboardServlet(PoolManager manager, EventHub hub, MonitorSettings settings, JsonResponses json,
                     BooleanSupplier tokenRequired) {
        this.manager = manager;
        this.hub = hub;
        this.settings = settings;
        this.json = json;
        this.tokenRequired = tokenRequired;
        this.strategySwitch = new StrategySwitch(manager, json);
        this.page = template().replace("{{EVENTS_URL}}", settings.eventsPath())
                .replace("{{STATE_URL}}", settings.dashboardPath() + "/state")
                .replace("{{STRATEGY_URL}}", settings.dashboardPath() + "/strategy")
                .replace("{{METRICS_URL}}", settings.metricsPath());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String sub = req.getPathInfo();
        if (sub == null || sub.equals("/")) {
            sendPage(res);
        } else if (sub.equals("/state")) {
            json.send(res, HttpServletResponse.SC_OK, state());
        } else {
            notFound(res, sub);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if ("/strategy".equals(req.getPathInfo())) {
            strategySwitch.handle(req, res);
        } else {
            notFound(res, req.getPathInfo());
        }
    }

    private void notFound(HttpServletResponse res, String sub) throws IOException {
        json.send(res, HttpServletResponse.SC_NOT_FOUND, Map.of("status", "failed", "error", "No such dashboard "
                + "resource: " + settings.dashboardPath() + sub + " (there are " + settings.dashboardPath() + ", "
                + settings.dashboardPath() + "/state and POST " + settings.dashboardPath() + "/strategy)"));
    }

    /** The script and style carry a fresh nonce, so the page's Content-Security-Policy can forbid anything else. */
    private void sendPage(HttpServletResponse res) throws IOException {
        byte[] nonceBytes = new byte[18];
        RANDOM.nextBytes(nonceBytes);
        String nonce = Base64.getEncoder().encodeToString(nonceBytes);
        byte[] body = page.replace("{{NONCE}}", nonce).getBytes(StandardCharsets.UTF_8);
        res.setStatus(HttpServletResponse.SC_OK);
        res.setContentType("text/html");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-"
                + nonce + "'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'");
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }

    /**
     * What the page shows first. The last event id is read before the pools, so the events the page replays from
     * there may include changes the pool list already shows (the page applies them idempotently) but never miss one.
     */
    Map<String, Object> state() throws IOException {
        EventHub.View view = hub.view(RECENT_EVENTS, false);
        List<StreamEntry> recent = view.recent();
        String lastEventId = view.lastEventId();
        List<Map<String, Object>> pools = new ArrayList<>();
        for (PoolInfo p : manager.list()) {
            pools.add(Wire.pool(p));
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (StreamEntry e : recent) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("event", e.event());
            m.put("data", json.mapper().readTree(e.json()));
            events.add(m);
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("default_strategy", manager.defaultStrategy());
        state.put("strategies", new TreeSet<>(manager.strategies()));
        state.put("pool_types", new TreeSet<>(manager.poolTypes()));
        state.put("token_required", tokenRequired.getAsBoolean());
        state.put("last_event_id", lastEventId);
        state.put("pools", pools);
        state.put("recent_events", events);
        state.put("endpoints", Map.of("events", settings.eventsPath(), "metrics", settings.metricsPath(),
                "strategy", settings.dashboardPath() + "/strategy"));
        return state;
    }

    private static String template() {
        try (InputStream in = DashboardServlet.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException("dashboard.html missing from the monitor bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
