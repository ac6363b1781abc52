package io.mahavishnu.routing.leastloaded;

import io.mahavishnu.api.routing.Candidates;
import io.mahavishnu.api.routing.PoolCandidate;
import io.mahavishnu.api.routing.RoutingDecision;
import io.mahavishnu.api.routing.RoutingRequest;
import io.mahavishnu.api.routing.RoutingStrategy;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code least_loaded}: the pool with the lowest load, i.e. tasks in flight (queued included) per worker — not
 * the pool with the fewest workers, as the original did. Exact for a few pools, power-of-two-choices above
 * {@value Candidates#EXACT_SCAN_LIMIT} pools so the cost stays constant (see {@link Candidates#leastLoaded}).
 */
@Component(service = RoutingStrategy.class, property = RoutingStrategy.STRATEGY + "=" + LeastLoadedStrategy.NAME)
public class LeastLoadedStrategy implements RoutingStrategy {

    /** Strategy name. */
    public static final String NAME = "least_loaded";

    @Override
    public RoutingDecision select(RoutingRequest request, List<? extends PoolCandidate> candidates) {
        return new RoutingDecision(Candidates.leastLoaded(candidates).poolId(), NAME);
    }
}
