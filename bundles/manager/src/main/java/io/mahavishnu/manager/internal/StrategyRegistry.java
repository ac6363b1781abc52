package io.mahavishnu.manager.internal;

import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.routing.RoutingStrategy;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The deployed routing strategies by name, with a grace period for hot swaps: while a strategy's bundle is
 * being updated its service is briefly absent; a route naming it waits (up to {@code graceMillis}) for it to
 * return instead of failing the task. A name never seen is an error at once.
 */
final class StrategyRegistry {

    private final Map<String, RoutingStrategy> strategies = new ConcurrentHashMap<>();
    /** Names seen at least once, with the time they went away (0 while present). */
    private final Map<String, Long> goneSince = new ConcurrentHashMap<>();
    private final long graceMillis;
    /** Guards nothing but the wait/notify of returning strategies. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    StrategyRegistry(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    void add(String name, RoutingStrategy strategy) {
        strategies.put(name, strategy);
        goneSince.put(name, 0L);
        signal();
    }

    void remove(String name, RoutingStrategy strategy) {
        if (strategies.remove(name, strategy)) {
            goneSince.put(name, System.nanoTime());
        }
        signal();
    }

    Set<String> names() {
        return new TreeSet<>(strategies.keySet());
    }

    boolean isKnown(String name) {
        return strategies.containsKey(name);
    }

    /**
     * @param name strategy name
     * @return the strategy, waiting through a hot swap if it was deployed before
     * @throws PoolManagerException unknown_strategy if it is not (or no longer) deployed
     */
    RoutingStrategy get(String name) {
        RoutingStrategy s = strategies.get(name);
        if (s != null) {
            return s;
        }
        Long gone = goneSince.get(name);
        if (gone != null && gone != 0L) {
            long deadline = gone + TimeUnit.MILLISECONDS.toNanos(graceMillis);
            lock.lock();
            try {
                while ((s = strategies.get(name)) == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    changed.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
            if (s != null) {
                return s;
            }
        }
        throw PoolManagerException.unknownStrategy(name, strategies.keySet());
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
