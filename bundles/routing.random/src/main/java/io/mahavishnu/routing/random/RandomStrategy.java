package io.mahavishnu.routing.random;

import io.mahavishnu.api.routing.PoolCandidate;
import io.mahavishnu.api.routing.RoutingDecision;
import io.mahavishnu.api.routing.RoutingRequest;
import io.mahavishnu.api.routing.RoutingStrategy;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.osgi.service.component.annotations.Component;

/** {@code random}: a uniformly random pool among those that accept tasks. */
@Component(service = RoutingStrategy.class, property = RoutingStrategy.STRATEGY + "=" + RandomStrategy.NAME)
public class RandomStrategy implements RoutingStrategy {

    /** Strategy name. */
    public static final String NAME = "random";

    @Override
    public RoutingDecision select(RoutingRequest request, List<? extends PoolCandidate> candidates) {
        return new RoutingDecision(candidates.get(ThreadLocalRandom.current().nextInt(candidates.size())).poolId(),
                NAME);
    }
}
