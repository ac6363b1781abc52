package io.mahavishnu.examples.latency;

import io.mahavishnu.api.routing.PoolCandidate;
import io.mahavishnu.api.routing.RoutingDecision;
import io.mahavishnu.api.routing.RoutingRequest;
import io.mahavishnu.api.routing.RoutingStrategy;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@value #NAME}: sends a task to the pool expected to finish it first. A pool's expected time is its latency
 * average, multiplied by the rounds of work queued ahead of the task when all its workers are busy:
 * {@code latency × max(1, (in_flight + 1) / capacity)}. A pool without a latency average yet (new, or no task
 * ended) is scored with {@code unknown_latency_millis}, so new pools get tried. Ties go to the pool spawned first.
 *
 * <p>Settings (PID {@value #PID}, file {@code etc/io.mahavishnu.examples.routing.latency.cfg}) apply while running.
 */
@Component(service = RoutingStrategy.class, property = RoutingStrategy.STRATEGY + "=" + LatencyAwareStrategy.NAME,
        configurationPid = LatencyAwareStrategy.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LatencyAwareStrategy.Config.class)
public class LatencyAwareStrategy implements RoutingStrategy {

    /** Strategy name. */
    public static final String NAME = "latency_aware";
    /** Configuration PID. */
    public static final String PID = "io.mahavishnu.examples.routing.latency";

    /** Settings of the strategy. */
    @ObjectClassDefinition(name = "Latency-aware routing", description = "Routing strategy latency_aware")
    public @interface Config {
        /** @return the latency assumed for a pool that has none yet */
        @AttributeDefinition(name = "Latency of a pool without measurements (ms)",
                description = "0 tries new pools first; a large value keeps tasks on measured pools", min = "0")
        double unknown_latency_millis() default 0;
    }

    /** Read on every decision, replaced when the configuration changes. */
    private volatile double unknownLatencyMillis;

    /** Unconfigured: for tests and plain {@code new}. */
    public LatencyAwareStrategy() {
        this.unknownLatencyMillis = 0;
    }

    /** @param config the settings */
    @Activate
    public LatencyAwareStrategy(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        if (!(config.unknown_latency_millis() >= 0)) {
            throw new IllegalArgumentException("unknown_latency_millis must be 0 or more (got: "
                    + config.unknown_latency_millis() + ") in etc/" + PID + ".cfg");
        }
        unknownLatencyMillis = config.unknown_latency_millis();
    }

    @Override
    public RoutingDecision select(RoutingRequest request, List<? extends PoolCandidate> candidates) {
        PoolCandidate best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (PoolCandidate c : candidates) {
            double score = expectedMillis(c);
            if (best == null || score < bestScore) {
                best = c;
                bestScore = score;
            }
        }
        return new RoutingDecision(best.poolId(), NAME);
    }

    /** @return when a task sent now would end on this pool, in milliseconds (infinite without capacity) */
    double expectedMillis(PoolCandidate c) {
        int capacity = c.capacity(); // each value read once: the view is live
        if (capacity <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double latency = c.latencyEwmaMillis();
        if (latency <= 0) {
            latency = unknownLatencyMillis;
        }
        double rounds = Math.max(1.0, (c.inFlight() + 1.0) / capacity);
        return latency * rounds;
    }
}
