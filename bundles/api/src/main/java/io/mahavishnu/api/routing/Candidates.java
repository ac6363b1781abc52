package io.mahavishnu.api.routing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Building blocks for strategies.
 */
public final class Candidates {

    private Candidates() {
    }

    /** Up to this many candidates, {@link #leastLoaded} scans them all; above, it samples two. */
    public static final int EXACT_SCAN_LIMIT = 8;

    /**
     * The least loaded candidate by {@link PoolCandidate#load()}, ties going to the one registered first.
     * Up to {@value #EXACT_SCAN_LIMIT} candidates it scans all of them (exact); above, it uses
     * power-of-two-choices: two distinct random candidates, the less loaded wins. That keeps the cost O(1) as
     * pools grow and is close to the best choice in practice (no herding on one "least loaded" pool).
     *
     * @param candidates non-empty list
     * @param <C>        candidate type
     * @return the chosen candidate
     */
    public static <C extends PoolCandidate> C leastLoaded(List<C> candidates) {
        int n = candidates.size();
        if (n <= EXACT_SCAN_LIMIT) {
            C best = candidates.get(0);
            double bestLoad = best.load();
            for (int i = 1; i < n; i++) {
                C c = candidates.get(i);
                double load = c.load();
                if (load < bestLoad) {
                    best = c;
                    bestLoad = load;
                }
            }
            return best;
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int a = rnd.nextInt(n);
        int b = rnd.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        C ca = candidates.get(Math.min(a, b));
        C cb = candidates.get(Math.max(a, b));
        return cb.load() < ca.load() ? cb : ca;
    }
}
