package io.mahavishnu.tracing.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Validated tracing settings.
 *
 * @param otlp          whether spans are exported over OTLP/HTTP
 * @param endpoint      the OTLP/HTTP traces URL
 * @param headers       extra headers for it
 * @param timeout       time allowed for one export
 * @param samplingRatio share of new traces recorded
 * @param serviceName   service.name
 */
record TracingSettings(boolean otlp, String endpoint, Map<String, String> headers, Duration timeout,
                       double samplingRatio, String serviceName) {

    static TracingSettings of(TracingConfig c) {
        String exporter = c.exporter() == null ? "" : c.exporter().trim().toLowerCase(Locale.ROOT);
        if (!exporter.equals("none") && !exporter.equals("otlp")) {
            throw new ValidationException("exporter", c.exporter(), "must be none or otlp");
        }
        String endpoint = c.otlp__endpoint() == null ? "" : c.otlp__endpoint().trim();
        try {
            URI uri = URI.create(endpoint);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new ValidationException("otlp_endpoint", endpoint, "must be an http:// or https:// URL, e.g. "
                    + "http://127.0.0.1:4318/v1/traces");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String raw = c.otlp__headers() == null ? "" : c.otlp__headers().trim();
        if (!raw.isEmpty()) {
            for (String pair : raw.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ValidationException("otlp_headers", "(not shown)", "must be comma-separated "
                            + "name=value pairs; one entry has no name=");
                }
                headers.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        int timeout = ValidationException.requireBetween("otlp_timeout_seconds", c.otlp__timeout__seconds(), 1, 300);
        double ratio;
        try {
            ratio = Double.parseDouble(c.sampling__ratio().trim());
        } catch (RuntimeException e) {
            ratio = Double.NaN;
        }
        if (!(ratio >= 0.0 && ratio <= 1.0)) {
            throw new ValidationException("sampling_ratio", c.sampling__ratio(), "must be a number from 0.0 to 1.0");
        }
        String service = c.service__name() == null || c.service__name().isBlank() ? "mahavishnu"
                : c.service__name().trim();
        return new TracingSettings(exporter.equals("otlp"), endpoint, Map.copyOf(headers), Duration.ofSeconds(timeout),
                ratio, service);
    }

    @Override
    public String toString() {
        return otlp ? "OTLP/HTTP to " + endpoint + ", sampling " + samplingRatio : "no export, sampling "
                + samplingRatio;
    }
}
