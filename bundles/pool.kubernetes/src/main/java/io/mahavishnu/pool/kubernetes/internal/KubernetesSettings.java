package io.mahavishnu.pool.kubernetes.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validated settings of one kubernetes pool: the pool type's defaults ({@link KubernetesPoolConfig}) with the
 * pool's {@code extra_config} laid over them. Every error names the key as the user wrote it: {@code namespace}
 * for a default, {@code extra_config.namespace} for an override.
 *
 * @param namespace              namespace of the Jobs
 * @param kubeconfigPath         kubeconfig file, empty for the fallback chain
 * @param containerImage         image of command tasks
 * @param runnerImage            image of prompt tasks
 * @param runnerCommand          argv of prompt tasks ({@value #PROMPT_TOKEN} = the prompt)
 * @param imagePullPolicy        pull policy, empty for the cluster default
 * @param serviceAccount         service account, empty for the default
 * @param resources              requests/limits: keys {@code requests.cpu}, {@code limits.memory}, …
 * @param labels                 extra labels
 * @param backoffLimit           pod retries
 * @param ttlSecondsAfterFinished TTL of finished Jobs
 * @param activeDeadlineSeconds  cluster-side deadline, 0 = task timeout + {@link #DEADLINE_MARGIN}
 * @param apiQps                 API requests per second
 * @param apiBurst               token bucket size
 * @param maxOutputBytes         log bytes kept per task
 * @param queueSize              waiting tasks
 * @param agingInterval          priority aging
 * @param memoryItemsRetained    memory items kept
 */
record KubernetesSettings(String namespace, String kubeconfigPath, String containerImage, String runnerImage,
                          List<String> runnerCommand, String imagePullPolicy, String serviceAccount,
                          Map<String, String> resources, Map<String, String> labels, int backoffLimit,
                          int ttlSecondsAfterFinished, int activeDeadlineSeconds, double apiQps, int apiBurst,
                          int maxOutputBytes, int queueSize, Duration agingInterval, int memoryItemsRetained) {

    /** Argument replaced by the prompt. */
    static final String PROMPT_TOKEN = "{prompt}";
    /** Added to a task's timeout for the Job's activeDeadlineSeconds, so the pool's own timeout fires first. */
    static final int DEADLINE_MARGIN = 60;
    /** Labels the pool sets itself. */
    static final Set<String> RESERVED_LABELS = Set.of("app", "pool", "task");

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");

    /** Every setting, in the order of the configuration file; also the keys {@code extra_config} accepts. */
    static final List<String> KEYS = List.of("namespace", "kubeconfig_path", "container_image", "runner_image",
            "runner_command", "image_pull_policy", "service_account", "cpu_request", "cpu_limit", "memory_request",
            "memory_limit", "labels", "backoff_limit", "ttl_seconds_after_finished", "active_deadline_seconds",
            "api_qps", "api_burst", "max_output_bytes", "queue_size", "aging_interval_millis",
            "memory_items_retained");

    /** The defaults of {@link KubernetesPoolConfig}, as a map (what an empty configuration gives). */
    static final Map<String, String> DEFAULTS = defaults();

    KubernetesSettings {
        runnerCommand = List.copyOf(runnerCommand);
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** @return the configuration's values as strings, keyed by their names in the file */
    static Map<String, String> toMap(KubernetesPoolConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("namespace", c.namespace());
        m.put("kubeconfig_path", c.kubeconfig__path());
        m.put("container_image", c.container__image());
        m.put("runner_image", c.runner__image());
        m.put("runner_command", c.runner__command());
        m.put("image_pull_policy", c.image__pull__policy());
        m.put("service_account", c.service__account());
        m.put("cpu_request", c.cpu__request());
        m.put("cpu_limit", c.cpu__limit());
        m.put("memory_request", c.memory__request());
        m.put("memory_limit", c.memory__limit());
        m.put("labels", c.labels());
        m.put("backoff_limit", Integer.toString(c.backoff__limit()));
        m.put("ttl_seconds_after_finished", Integer.toString(c.ttl__seconds__after__finished()));
        m.put("active_deadline_seconds", Integer.toString(c.active__deadline__seconds()));
        m.put("api_qps", Double.toString(c.api__qps()));
        m.put("api_burst", Integer.toString(c.api__burst()));
        m.put("max_output_bytes", Integer.toString(c.max__output__bytes()));
        m.put("queue_size", Integer.toString(c.queue__size()));
        m.put("aging_interval_millis", Long.toString(c.aging__interval__millis()));
        m.put("memory_items_retained", Integer.toString(c.memory__items__retained()));
        return m;
    }

    /**
     * @param defaults  the pool type's settings ({@link #toMap}); missing keys take the built-in defaults
     * @param overrides a pool's {@code extra_config}; keys that are no setting of this type are left alone (the
     *                  manager reads some itself, e.g. {@code autoscale_policy}; see {@link #unknownKeys})
     * @return the validated settings
     * @throws ValidationException naming the first bad key
     */
    static KubernetesSettings of(Map<String, String> defaults, Map<String, String> overrides) {
        Reader r = new Reader(defaults, overrides);
        Map<String, String> resources = new LinkedHashMap<>();
        r.quantity("cpu_request", "requests.cpu", resources);
        r.quantity("cpu_limit", "limits.cpu", resources);
        r.quantity("memory_request", "requests.memory", resources);
        r.quantity("memory_limit", "limits.memory", resources);
        String image = r.text("container_image", v -> v.isEmpty() || v.matches(".*\\s.*")
                ? "must name an image without spaces (e.g. python:3.13-slim)" : null);
        String runnerImage = r.text("runner_image", v -> v.matches(".*\\s.*") ? "must not contain spaces" : null);
        List<String> runner = split(r.text("runner_command", v -> v.isBlank()
                ? "must name a command (e.g. printenv MAHAVISHNU_PROMPT)" : null));
        return new KubernetesSettings(
                r.text("namespace", v -> DNS_LABEL.matcher(v).matches() ? null
                        : "must be a DNS label: 1-63 characters a-z, 0-9 or '-', starting and ending alphanumeric"),
                r.text("kubeconfig_path", v -> null),
                image, runnerImage.isEmpty() ? image : runnerImage, runner,
                r.text("image_pull_policy", v -> v.isEmpty() || PULL_POLICIES.contains(v) ? null
                        : "must be one of: " + String.join(", ", PULL_POLICIES) + " (or empty)"),
                r.text("service_account", v -> v.isEmpty() || DNS_SUBDOMAIN.matcher(v).matches() ? null
                        : "must be a DNS subdomain (a-z, 0-9, '-', '.') or empty"),
                resources, r.labels("labels"),
                r.integer("backoff_limit", 0, 100),
                r.integer("ttl_seconds_after_finished", 60, 31536000),
                r.integer("active_deadline_seconds", 0, 31536000),
                r.decimal("api_qps", 0.1, 1000),
                r.integer("api_burst", 1, 10000),
                r.integer("max_output_bytes", 1024, 67108864),
                r.integer("queue_size", 0, 1000000),
                Duration.ofMillis(r.integer("aging_interval_millis", 1, 3600000)),
                r.integer("memory_items_retained", 0, 100000));
    }

    /** @return the keys of an {@code extra_config} that are no setting of this pool type (maybe typos) */
    static List<String> unknownKeys(Map<String, String> overrides) {
        return overrides.keySet().stream().filter(k -> !KEYS.contains(k)).sorted().toList();
    }

    /** @return the arguments, split on whitespace (no quoting) */
    static List<String> split(String raw) {
        String t = raw == null ? "" : raw.trim();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        String[] kv = {"namespace", "mahavishnu", "kubeconfig_path", "", "container_image", "python:3.13-slim",
            "runner_image", "", "runner_command", "printenv MAHAVISHNU_PROMPT", "image_pull_policy", "",
            "service_account", "", "cpu_request", "", "cpu_limit", "", "memory_request", "", "memory_limit", "",
            "labels", "", "backoff_limit", "3", "ttl_seconds_after_finished", "3600", "active_deadline_seconds", "0",
            "api_qps", "5.0", "api_burst", "10", "max_output_bytes", "1048576", "queue_size", "10000",
            "aging_interval_millis", "1000", "memory_items_retained", "1000"};
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Reads one key from the overrides or the defaults, naming it the way its source spells it. */
    private static final class Reader {
        private final Map<String, String> defaults;
        private final Map<String, String> overrides;

        Reader(Map<String, String> defaults, Map<String, String> overrides) {
            this.defaults = defaults;
            this.overrides = overrides;
        }

        private String field(String key) {
            return overrides.containsKey(key) ? "extra_config." + key : key;
        }

        private String raw(String key) {
            String v = overrides.containsKey(key) ? overrides.get(key) : defaults.get(key);
            return v == null ? DEFAULTS.get(key) : v.trim();
        }

        String text(String key, Function<String, String> problem) {
            String v = raw(key);
            String p = problem.apply(v);
            if (p != null) {
                throw new ValidationException(field(key), v, p);
            }
            return v;
        }

        int integer(String key, int min, int max) {
            String v = raw(key);
            try {
                return ValidationException.requireBetween(field(key), Integer.parseInt(v), min, max);
            } catch (NumberFormatException e) {
                throw new ValidationException(field(key), v, "must be a whole number between " + min + " and " + max);
            }
        }

        double decimal(String key, double min, double max) {
            String v = raw(key);
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
            if (!(d >= min && d <= max)) {
                throw new ValidationException(field(key), v, "must be a number between " + min + " and " + max);
            }
            return d;
        }

        void quantity(String key, String resourceKey, Map<String, String> into) {
            String v = text(key, s -> s.isEmpty() || QUANTITY.matcher(s).matches() ? null
                    : "must be a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi (or empty)");
            if (!v.isEmpty()) {
                into.put(resourceKey, v);
            }
        }

        Map<String, String> labels(String key) {
            String v = raw(key);
            Map<String, String> out = new LinkedHashMap<>();
            for (String pair : v.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
                String val = eq < 0 ? "" : pair.substring(eq + 1).trim();
                String name = k.contains("/") ? k.substring(k.indexOf('/') + 1) : k;
                String prefix = k.contains("/") ? k.substring(0, k.indexOf('/')) : null;
                if (eq < 0 || !LABEL_NAME.matcher(name).matches()
                        || (prefix != null && !DNS_SUBDOMAIN.matcher(prefix).matches())) {
                    throw new ValidationException(field(key), v, "must be comma-separated key=value pairs with "
                            + "valid label keys (bad: '" + pair.trim() + "')");
                }
                if (RESERVED_LABELS.contains(k.toLowerCase(Locale.ROOT))) {
                    throw new ValidationException(field(key), v, "must not set '" + k
                            + "': app, pool and task are set by the pool");
                }
                if (!LABEL_VALUE.matcher(val).matches()) {
                    throw new ValidationException(field(key), v, "has an invalid label value '" + val
                            + "' (at most 63 characters A-Z, a-z, 0-9, '-', '_', '.')");
                }
                out.put(k, val);
            }
            return out;
        }
    }
}
