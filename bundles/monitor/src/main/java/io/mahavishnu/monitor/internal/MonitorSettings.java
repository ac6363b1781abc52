package io.mahavishnu.monitor.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validated monitoring settings; a bad value raises a {@link ValidationException} naming the setting.
 *
 * @param enabled        serve the endpoints
 * @param metricsPath    Prometheus endpoint
 * @param eventsPath     event stream
 * @param dashboardPath  dashboard page (its API below it)
 * @param eventHistory   events kept for resuming clients
 * @param clientBuffer   events queued per client before it is disconnected
 * @param maxClients     concurrent stream clients
 * @param heartbeatSeconds idle comment interval
 * @param busMessages    stream bus messages too
 * @param latencyBuckets histogram upper bounds in seconds, ascending, without +Inf
 */
record MonitorSettings(boolean enabled, String metricsPath, String eventsPath, String dashboardPath,
                       int eventHistory, int clientBuffer, int maxClients, int heartbeatSeconds, boolean busMessages,
                       double[] latencyBuckets) {

    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");

    MonitorSettings {
        metricsPath = path("metrics_path", metricsPath);
        eventsPath = path("events_path", eventsPath);
        dashboardPath = path("dashboard_path", dashboardPath);
        Set<String> distinct = new HashSet<>(List.of(metricsPath, eventsPath, dashboardPath));
        if (distinct.size() < 3) {
            throw new ValidationException("dashboard_path", dashboardPath,
                    "must differ from metrics_path and events_path (each endpoint needs its own path)");
        }
        if (distinct.contains("/mcp")) {
            throw new ValidationException("metrics_path", metricsPath, "must not be /mcp, the MCP endpoint");
        }
        ValidationException.requireBetween("event_history", eventHistory, 10, 100_000);
        ValidationException.requireBetween("client_buffer", clientBuffer, 10, 100_000);
        ValidationException.requireBetween("max_clients", maxClients, 1, 10_000);
        ValidationException.requireBetween("heartbeat_seconds", heartbeatSeconds, 1, 300);
        latencyBuckets = latencyBuckets.clone();
    }

    static MonitorSettings of(MonitorConfig c) {
        return new MonitorSettings(c.enabled(), c.metrics__path(), c.events__path(), c.dashboard__path(),
                c.event__history(), c.client__buffer(), c.max__clients(), c.heartbeat__seconds(), c.bus__messages(),
                buckets(c.latency__buckets()));
    }

    static double[] buckets(String text) {
        List<Double> bounds = new ArrayList<>();
        for (String part : (text == null ? "" : text).split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new ValidationException("latency_buckets", text, "must be numbers of seconds separated by "
                        + "commas, e.g. 0.1,1,10 ('" + t + "' is not a number)");
            }
            if (!(v > 0) || Double.isInfinite(v) || (!bounds.isEmpty() && v <= bounds.get(bounds.size() - 1))) {
                throw new ValidationException("latency_buckets", text,
                        "must be positive, finite and ascending (+Inf is added automatically)");
            }
            bounds.add(v);
        }
        if (bounds.isEmpty() || bounds.size() > 50) {
            throw new ValidationException("latency_buckets", text, "must list 1 to 50 bucket bounds");
        }
        return bounds.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String path(String key, String value) {
        String p = value == null ? "" : value.trim();
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!PATH.matcher(p).matches()) {
            throw new ValidationException(key, value, "must be a URL path starting with '/', e.g. /metrics");
        }
        return p;
    }
}
