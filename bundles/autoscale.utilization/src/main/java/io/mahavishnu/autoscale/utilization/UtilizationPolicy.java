package io.mahavishnu.autoscale.utilization;

import io.mahavishnu.api.pool.AutoscalePolicy;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code utilization}: keeps {@code (running + waiting tasks) / workers} near a target (default 70 %), like the
 * Kubernetes horizontal pod autoscaler:
 * <ul>
 * <li>recommendation = ⌈busy / target⌉, none while utilization is within the tolerance of the target;</li>
 * <li>up fast: at most doubling per step (from zero workers, straight to what the waiting tasks need);</li>
 * <li>down slowly: to the largest recommendation of the stabilization window (default 300 s), so a lull does not
 * shed workers a returning burst needs, and load at the target never flaps;</li>
 * <li>a cooldown between two steps of one pool.</li>
 * </ul>
 */
@Component(service = AutoscalePolicy.class, configurationPid = UtilizationPolicy.PID,
        property = AutoscalePolicy.POLICY + "=" + UtilizationPolicy.NAME)
@Designate(ocd = UtilizationConfig.class)
public class UtilizationPolicy implements AutoscalePolicy {

    /** Policy name. */
    public static final String NAME = "utilization";
    /** Configuration PID. */
    public static final String PID = "io.mahavishnu.autoscale.utilization";

    /** Validated settings. */
    record Settings(double target, double tolerance, Duration stabilization, Duration cooldown) {
        static Settings of(UtilizationConfig c) {
            return new Settings(
                    ValidationException.requireBetween("target_utilization_percent", c.target__utilization__percent(),
                            1, 100) / 100.0,
                    ValidationException.requireBetween("tolerance_percent", c.tolerance__percent(), 0, 50) / 100.0,
                    Duration.ofSeconds(ValidationException.requireBetween("scale_down_stabilization_seconds",
                            c.scale__down__stabilization__seconds(), 0, 3600)),
                    Duration.ofSeconds(ValidationException.requireBetween("cooldown_seconds", c.cooldown__seconds(),
                            0, 3600)));
        }
    }

    private record Recommendation(Instant at, int workers) {
    }

    private volatile Settings settings;
    /** Recent recommendations per pool, oldest first; each deque is touched by the autoscaler thread only. */
    private final Map<String, Deque<Recommendation>> history = new ConcurrentHashMap<>();

    /** @param config settings */
    @Activate
    public UtilizationPolicy(UtilizationConfig config) {
        this(Settings.of(config));
    }

    UtilizationPolicy(Settings settings) {
        this.settings = settings;
    }

    @Modified
    void modified(UtilizationConfig config) {
        this.settings = Settings.of(config);
    }

    @Override
    public void forget(String poolId) {
        history.remove(poolId);
    }

    /** @return the pools whose recommendations are kept */
    int tracked() {
        return history.size();
    }

    @Override
    public Decision decide(Input in) {
        Settings s = settings;
        int current = in.currentWorkers();
        int busy = Math.max(0, in.inFlight()) + Math.max(0, in.queued());
        double utilization = current == 0 ? (busy == 0 ? 0 : Double.POSITIVE_INFINITY) : busy / (double) current;
        String load = current == 0 ? busy + " tasks and no workers"
                : String.format(Locale.ROOT, "utilization %.2f (%d busy / %d workers), target %.2f", utilization,
                busy, current, s.target());

        int raw;
        if (current > 0 && Math.abs(utilization / s.target() - 1) <= s.tolerance()) {
            raw = current;
        } else {
            raw = busy == 0 ? in.minWorkers() : (int) Math.ceil(busy / s.target());
        }
        // A pool seen for the first time (new, restored after a restart, or this policy just deployed) counts its
        // current size as a recommendation, as the Kubernetes autoscaler does: it does not shrink before a whole
        // stabilization window has shown that it can.
        Deque<Recommendation> recent = history.computeIfAbsent(in.poolId(), id -> {
            Deque<Recommendation> seeded = new ArrayDeque<>();
            seeded.addLast(new Recommendation(in.now(), current));
            return seeded;
        });
        recent.addLast(new Recommendation(in.now(), raw));
        while (!recent.isEmpty() && recent.peekFirst().at().isBefore(in.now().minus(s.stabilization()))) {
            recent.removeFirst();
        }

        int desired;
        String why;
        if (raw > current) {
            int cap = current == 0 ? raw : current * 2;
            desired = Math.min(raw, cap);
            why = load + ": needs " + raw + (desired < raw ? ", stepping to " + desired + " (at most doubling)" : "");
        } else if (raw < current) {
            int highest = recent.stream().mapToInt(Recommendation::workers).max().orElse(raw);
            desired = Math.min(current, highest);
            why = desired == current
                    ? load + ": could shrink to " + raw + " but " + highest + " workers were recommended within "
                    + s.stabilization().toSeconds() + " s"
                    : load + ": shrinking to " + desired + ", the largest recommendation within "
                    + s.stabilization().toSeconds() + " s";
        } else {
            desired = current;
            why = load + ": holding";
        }
        desired = Math.max(in.minWorkers(), Math.min(in.maxWorkers(), desired));
        if (desired != current && in.lastScaleAt() != null
                && Duration.between(in.lastScaleAt(), in.now()).compareTo(s.cooldown()) < 0) {
            return new Decision(current, why + "; cooling down (last step "
                    + Duration.between(in.lastScaleAt(), in.now()).toSeconds() + " s ago, cooldown "
                    + s.cooldown().toSeconds() + " s)");
        }
        return new Decision(desired, why);
    }
}
