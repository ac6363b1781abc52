package io.mahavishnu.api.pool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Immutable, validated configuration of one pool. Defaults are the original's:
 * name {@code default}, pool type {@code mahavishnu}, min 1, max 10, worker type {@code terminal-qwen},
 * auto scale off, memory on, no extra config.
 *
 * <p>Every constructor validates; a bad value raises a {@link ValidationException} naming the field
 * (wire name) and the value. Use {@link #builder()} to start from the defaults.
 *
 * @param name          human label, 1–128 characters, not blank (not unique)
 * @param poolType      the pool type that runs this pool ({@code pool.type} of a {@link PoolProvider})
 * @param minWorkers    lower bound for scaling and initial worker count, 0..{@value #MAX_WORKERS_LIMIT}
 * @param maxWorkers    upper bound for scaling and concurrency cap, 1..{@value #MAX_WORKERS_LIMIT}, ≥ min
 * @param workerType    the kind of worker the pool type spawns, e.g. {@code terminal-claude}, {@code noop}
 * @param autoScale     whether the pool scales itself between min and max from its load
 * @param memoryEnabled whether the pool's task memory is collected
 * @param extraConfig   pool-type specific options (e.g. {@code session_buddy_url}, {@code namespace})
 */
public record PoolConfig(String name, String poolType, int minWorkers, int maxWorkers, String workerType,
                         boolean autoScale, boolean memoryEnabled, Map<String, String> extraConfig) {

    /** Upper bound for {@code max_workers}: anything above is a mistake, not a configuration. */
    public static final int MAX_WORKERS_LIMIT = 1000;
    /** Default pool name. */
    public static final String DEFAULT_NAME = "default";
    /** Default pool type, the local pool. */
    public static final String DEFAULT_POOL_TYPE = "mahavishnu";
    /** Default worker type (the original's). */
    public static final String DEFAULT_WORKER_TYPE = "terminal-qwen";

    private static final Pattern TYPE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** Validates every field; see the class description. */
    public PoolConfig {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new ValidationException("name", name, "must be 1-128 characters and not blank");
        }
        if (poolType == null || !TYPE_NAME.matcher(poolType).matches()) {
            throw new ValidationException("pool_type", poolType,
                    "must be a lowercase name of letters, digits, '.', '_' or '-' (e.g. mahavishnu)");
        }
        if (minWorkers < 0 || minWorkers > MAX_WORKERS_LIMIT) {
            throw new ValidationException("min_workers", minWorkers, "must be between 0 and " + MAX_WORKERS_LIMIT);
        }
        if (maxWorkers < 1 || maxWorkers > MAX_WORKERS_LIMIT) {
            throw new ValidationException("max_workers", maxWorkers, "must be between 1 and " + MAX_WORKERS_LIMIT);
        }
        if (minWorkers > maxWorkers) {
            throw new ValidationException("min_workers", minWorkers,
                    "must not be greater than max_workers=" + maxWorkers);
        }
        if (workerType == null || !TYPE_NAME.matcher(workerType).matches()) {
            throw new ValidationException("worker_type", workerType,
                    "must be a lowercase name of letters, digits, '.', '_' or '-' (e.g. terminal-claude)");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        if (extraConfig != null) {
            for (Map.Entry<String, String> e : extraConfig.entrySet()) {
                if (e.getKey() == null || e.getKey().isBlank()) {
                    throw new ValidationException("extra_config", e.getKey(), "keys must not be blank");
                }
                if (e.getValue() == null) {
                    throw new ValidationException("extra_config." + e.getKey(), null, "must not be null");
                }
                copy.put(e.getKey(), e.getValue());
            }
        }
        extraConfig = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Reads a pool-specific option ({@code get(key, default)} of the original).
     *
     * @param key          the option
     * @param defaultValue returned when the option is not set
     * @return the value or the default
     */
    public String get(String key, String defaultValue) {
        return extraConfig.getOrDefault(key, defaultValue);
    }

    /** @return a builder initialised from this configuration */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return a copy with another {@code min_workers}/{@code max_workers}-compatible target, unchanged otherwise */
    public PoolConfig withWorkers(int min, int max) {
        return toBuilder().minWorkers(min).maxWorkers(max).build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder(null);
    }

    /** Builder starting from the defaults. Validation happens in {@link #build()}. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private String poolType = DEFAULT_POOL_TYPE;
        private int minWorkers = 1;
        private int maxWorkers = 10;
        private String workerType = DEFAULT_WORKER_TYPE;
        private boolean autoScale;
        private boolean memoryEnabled = true;
        private final Map<String, String> extraConfig = new LinkedHashMap<>();

        private Builder(PoolConfig from) {
            if (from != null) {
                name = from.name;
                poolType = from.poolType;
                minWorkers = from.minWorkers;
                maxWorkers = from.maxWorkers;
                workerType = from.workerType;
                autoScale = from.autoScale;
                memoryEnabled = from.memoryEnabled;
                extraConfig.putAll(from.extraConfig);
            }
        }

        /** @param v pool name @return this */
        public Builder name(String v) { name = v; return this; }
        /** @param v pool type @return this */
        public Builder poolType(String v) { poolType = v; return this; }
        /** @param v min workers @return this */
        public Builder minWorkers(int v) { minWorkers = v; return this; }
        /** @param v max workers @return this */
        public Builder maxWorkers(int v) { maxWorkers = v; return this; }
        /** @param v worker type @return this */
        public Builder workerType(String v) { workerType = v; return this; }
        /** @param v auto scale @return this */
        public Builder autoScale(boolean v) { autoScale = v; return this; }
        /** @param v memory enabled @return this */
        public Builder memoryEnabled(boolean v) { memoryEnabled = v; return this; }
        /** @param key option @param value value @return this */
        public Builder extra(String key, String value) { extraConfig.put(key, value); return this; }
        /** @param all options to add @return this */
        public Builder extraConfig(Map<String, String> all) { extraConfig.putAll(Objects.requireNonNull(all)); return this; }

        /** @return the validated configuration @throws ValidationException on a bad value */
        public PoolConfig build() {
            return new PoolConfig(name, poolType, minWorkers, maxWorkers, workerType, autoScale, memoryEnabled,
                    extraConfig);
        }
    }
}
