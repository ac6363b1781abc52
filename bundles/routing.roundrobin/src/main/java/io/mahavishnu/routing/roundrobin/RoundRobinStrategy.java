package io.mahavishnu.routing.roundrobin;

import io.mahavishnu.api.routing.PoolCandidate;
import io.mahavishnu.api.routing.RoutingDecision;
import io.mahavishnu.api.routing.RoutingRequest;
import io.mahavishnu.api.routing.RoutingStrategy;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Component;

/**
 * {@code round_robin}: each task goes to the next pool in spawn order (p0, p1, p2, p0, …). The manager only offers
 * pools that accept tasks, so stopped, failed or not-yet-running pools are skipped. One counter shared by all
 * callers; when pools come or go the cycle continues from the counter over the new list.
 */
@Component(service = RoutingStrategy.class, property = RoutingStrategy.STRATEGY + "=" + RoundRobinStrategy.NAME)
public class RoundRobinStrategy implements RoutingStrategy {

    /** Strategy name. */
    public static final String NAME = "round_robin";

    private final AtomicLong next = new AtomicLong();

    @Override
    public RoutingDecision select(RoutingRequest request, List<? extends PoolCandidate> candidates) {
        int index = (int) Math.floorMod(next.getAndIncrement(), (long) candidates.size());
        return new RoutingDecision(candidates.get(index).poolId(), NAME);
    }
}
