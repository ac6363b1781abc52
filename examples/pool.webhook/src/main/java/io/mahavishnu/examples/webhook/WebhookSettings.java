package io.mahavishnu.examples.webhook;

import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.ValidationException;
import java.net.URI;
import java.time.Duration;

/**
 * The options of a webhook pool, read from its {@code extra_config} and validated when the pool is spawned.
 *
 * @param url            where tasks are POSTed ({@code url}, required, http or https)
 * @param connectTimeout how long connecting may take ({@code connect_timeout_seconds}, 1-300, default 5)
 * @param maxOutputBytes longest response body kept as output ({@code max_output_bytes}, default 1 MiB)
 * @param queueSize      tasks waiting for a free worker ({@code queue_size}, 1-100000, default 1000)
 * @param authorization  value of the {@code Authorization} header ({@code authorization}), null for none
 */
public record WebhookSettings(URI url, Duration connectTimeout, int maxOutputBytes, int queueSize,
                              String authorization) {

    /**
     * @param config the pool's configuration
     * @return the settings
     * @throws ValidationException naming the option, the value and what is valid
     */
    public static WebhookSettings from(PoolConfig config) {
        String raw = config.get("url", null);
        if (raw == null || raw.isBlank()) {
            throw new ValidationException("extra_config.url", raw,
                    "is required: the http(s) URL each task is POSTed to, e.g. http://127.0.0.1:9000/hook");
        }
        URI url;
        try {
            url = URI.create(raw.trim());
        } catch (IllegalArgumentException e) {
            throw new ValidationException("extra_config.url", raw, "must be a URL (" + e.getMessage() + ")");
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new ValidationException("extra_config.url", raw, "must be an http or https URL with a host");
        }
        int connect = ValidationException.requireBetween("extra_config.connect_timeout_seconds",
                intOption(config, "connect_timeout_seconds", 5), 1, 300);
        int maxOutput = ValidationException.requireBetween("extra_config.max_output_bytes",
                intOption(config, "max_output_bytes", 1 << 20), 1, 64 << 20);
        int queue = ValidationException.requireBetween("extra_config.queue_size",
                intOption(config, "queue_size", 1000), 1, 100_000);
        return new WebhookSettings(url, Duration.ofSeconds(connect), maxOutput, queue,
                config.get("authorization", null));
    }

    private static int intOption(PoolConfig config, String key, int defaultValue) {
        String v = config.get(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException("extra_config." + key, v, "must be a whole number");
        }
    }

    /** Keeps the authorization value out of logs and error messages. */
    @Override
    public String toString() {
        return "WebhookSettings[url=" + url + ", connectTimeout=" + connectTimeout + ", maxOutputBytes="
                + maxOutputBytes + ", queueSize=" + queueSize + ", authorization="
                + (authorization == null ? "none" : "***") + "]";
    }
}
