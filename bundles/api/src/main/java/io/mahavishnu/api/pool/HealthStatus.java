package io.mahavishnu.api.pool;

/** Health vocabulary of pools and of the manager: {@code healthy|degraded|unhealthy}. */
public enum HealthStatus implements WireEnum {
    /** Fully functional. */
    HEALTHY,
    /** Working with reduced capacity. */
    DEGRADED,
    /** Not able to run tasks. */
    UNHEALTHY;

    @Override
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
