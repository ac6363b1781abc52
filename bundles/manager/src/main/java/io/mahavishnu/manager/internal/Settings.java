package io.mahavishnu.manager.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Validated manager settings; every bad value is reported naming its setting.
 *
 * @param defaultStrategy default routing strategy name
 * @param strategyGrace   hot-swap grace for strategies
 * @param stopTimeout     how long to wait for a pool to stop
 * @param healthTimeout   how long a pool health check may take
 * @param routing           outlier ejection, slow start and retries
 * @param autoscalePolicy   policy asked by pools with auto_scale=true (unless their extra_config names another)
 * @param autoscaleInterval how often auto-scaling pools are looked at
 * @param quota             requests per caller kind
 * @param allowlist         pools affinity routing may choose
 * @param federationRouting how routing uses pools of other runtimes
 */
record Settings(String defaultStrategy, Duration strategyGrace, Duration stopTimeout, Duration healthTimeout,
                RoutingPolicy routing, String autoscalePolicy, Duration autoscaleInterval, Quota quota,
                AffinityAllowlist allowlist, Federation.Mode federationRouting) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    static final Settings DEFAULTS = new Settings("least_loaded", Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(5), RoutingPolicy.DEFAULTS, "utilization", Duration.ofSeconds(15), Quota.DEFAULTS,
            AffinityAllowlist.ALL, Federation.Mode.PREFER_LOCAL);

    Settings {
        if (defaultStrategy == null || !NAME.matcher(defaultStrategy).matches()) {
            throw new ValidationException("pool_routing_strategy", defaultStrategy,
                    "must be a strategy name such as least_loaded, round_robin, random or affinity");
        }
        if (autoscalePolicy == null || !NAME.matcher(autoscalePolicy).matches()) {
            throw new ValidationException("autoscale_policy", autoscalePolicy,
                    "must be a policy name such as utilization (lowercase letters, digits, '.', '_', '-')");
        }
    }

    Settings withDefaultStrategy(String name) {
        return new Settings(name, strategyGrace, stopTimeout, healthTimeout, routing, autoscalePolicy,
                autoscaleInterval, quota, allowlist, federationRouting);
    }

    Settings withRouting(RoutingPolicy policy) {
        return new Settings(defaultStrategy, strategyGrace, stopTimeout, healthTimeout, policy, autoscalePolicy,
                autoscaleInterval, quota, allowlist, federationRouting);
    }

    Settings withQuota(Quota q) {
        return new Settings(defaultStrategy, strategyGrace, stopTimeout, healthTimeout, routing, autoscalePolicy,
                autoscaleInterval, q, allowlist, federationRouting);
    }

    Settings withAllowlist(AffinityAllowlist list) {
        return new Settings(defaultStrategy, strategyGrace, stopTimeout, healthTimeout, routing, autoscalePolicy,
                autoscaleInterval, quota, list, federationRouting);
    }

    static Settings of(ManagerConfig c) {
        Duration baseEjection = seconds("outlier_base_ejection_seconds", c.outlier__base__ejection__seconds(), 1, 3600);
        Duration maxEjection = seconds("outlier_max_ejection_seconds", c.outlier__max__ejection__seconds(), 1, 86_400);
        if (maxEjection.compareTo(baseEjection) < 0) {
            throw new ValidationException("outlier_max_ejection_seconds", maxEjection.toSeconds(),
                    "must not be less than outlier_base_ejection_seconds=" + baseEjection.toSeconds());
        }
        RoutingPolicy routing = new RoutingPolicy(
                range("outlier_consecutive_failures", c.outlier__consecutive__failures(), 0, 1000),
                baseEjection, maxEjection,
                range("outlier_max_ejection_percent", c.outlier__max__ejection__percent(), 0, 100),
                seconds("slow_start_window_seconds", c.slow__start__window__seconds(), 0, 3600),
                range("retry_budget_percent", c.retry__budget__percent(), 0, 100) / 100.0,
                range("retry_budget_min", c.retry__budget__min(), 0, 1000),
                range("route_max_attempts", c.route__max__attempts(), 1, 10));
        return new Settings(c.pool__routing__strategy() == null ? null : c.pool__routing__strategy().trim(),
                seconds("strategy_swap_grace_seconds", c.strategy__swap__grace__seconds(), 0, 300),
                seconds("pool_stop_timeout_seconds", c.pool__stop__timeout__seconds(), 1, 600),
                seconds("health_timeout_seconds", c.health__timeout__seconds(), 1, 300), routing,
                c.autoscale__policy() == null ? null : c.autoscale__policy().trim(),
                seconds("autoscale_interval_seconds", c.autoscale__interval__seconds(), 1, 3600),
                new Quota(range("quota_requests", c.quota__requests(), 0, 1_000_000),
                        seconds("quota_window_seconds", c.quota__window__seconds(), 1, 86_400)),
                AffinityAllowlist.parse(c.affinity__allowlist()),
                Federation.Mode.parse(c.federation__routing()));
    }

    private static Duration seconds(String key, int value, int min, int max) {
        return Duration.ofSeconds(range(key, value, min, max));
    }

    private static int range(String key, int value, int min, int max) {
        return ValidationException.requireBetween(key, value, min, max);
    }

    /**
     * How routing treats pools that fail or have just started, and routed tasks that failed.
     *
     * @param ejectAfterFailures consecutive failures that eject a pool from routing; 0 = never
     * @param baseEjection       first ejection time; the n-th ejection lasts n times as long
     * @param maxEjection        cap of one ejection
     * @param maxEjectionPercent at most this share of the pools is ejected at once (one pool always may be)
     * @param slowStartWindow    a newly running pool's share of traffic ramps from 10 % to full over this window;
     *                           zero = off
     * @param retryBudgetRatio   retries in flight may be at most this share of the tasks in flight…
     * @param retryBudgetMin     …but always at least this many
     * @param maxAttempts        attempts per routed task, the first one included
     */
    record RoutingPolicy(int ejectAfterFailures, Duration baseEjection, Duration maxEjection,
                         int maxEjectionPercent, Duration slowStartWindow, double retryBudgetRatio,
                         int retryBudgetMin, int maxAttempts) {

        static final RoutingPolicy DEFAULTS = new RoutingPolicy(5, Duration.ofSeconds(30), Duration.ofSeconds(300),
                50, Duration.ofSeconds(30), 0.2, 3, 3);

        /** @return how long the {@code times}-th ejection of a pool lasts: base × times, at most the maximum */
        long ejectionNanos(int times) {
            return Math.min(baseEjection.toNanos() * times, maxEjection.toNanos());
        }
    }

    /**
     * Requests each caller kind may make.
     *
     * @param requests requests per window (the bucket size); 0 = unlimited
     * @param window   the window over which the bucket refills completely
     */
    record Quota(int requests, Duration window) {

        static final Quota DEFAULTS = new Quota(60, Duration.ofSeconds(60));
    }
}
