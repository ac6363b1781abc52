package io.mahavishnu.manager.internal;

import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.HealthStatus;
import io.mahavishnu.api.pool.PoolConfig;
import io.mahavishnu.api.pool.PoolMetrics;
import io.mahavishnu.api.pool.PoolStatus;
import io.mahavishnu.api.pool.ScaleDecision;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.routing.PoolCandidate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One pool as the manager keeps it: its persisted spec, the live {@link BasePool} while its type is deployed,
 * and the task counters the manager measures itself. Doubles as the routing {@link PoolCandidate}.
 *
 * <p>Concurrency: {@code pool}, {@code config}, {@code capacity} and {@code health} are volatile and replaced
 * whole; counters are atomics. Readers may see a slightly stale mix, which routing tolerates.
 */
final class ManagedPool implements PoolCandidate {

    /** Weight of the newest sample in the latency average. */
    private static final double EWMA_ALPHA = 0.2;

    private final String poolId;
    private final long seq;
    private volatile PoolConfig config;
    private volatile BasePool pool;
    /** Status while no live pool exists (type not deployed, start failed). */
    private volatile PoolStatus offlineStatus = PoolStatus.PENDING;
    private volatile int capacity;
    private volatile HealthStatus health = HealthStatus.HEALTHY;
    /** Worker count to restore after a restart (last successful scale), or -1 for min_workers. */
    private volatile int persistedWorkers;
    /** The status seen at the last {@link #refresh()}, to tell changes; written by the registry's refresh only. */
    private volatile PoolStatus reportedStatus;
    /** Why the live pool is being taken away (its type undeployed), shown in the results it cancels. */
    private volatile String detachReason;

    /** When the live pool last started running ({@link System#nanoTime()}), for slow start. */
    private volatile long runningSince;
    /** Outlier detection state; written by {@link RoutingHealth} under its lock, read anywhere. */
    private volatile long ejectedUntil;
    private volatile int timesEjected;
    private volatile long lastEjectedAt;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    /** Auto-scaling: the latest decision, when the pool last changed size by one, and how many steps it took. */
    private volatile ScaleDecision lastScaleDecision;
    private volatile java.time.Instant lastScaleAt;
    private final LongAdder scaleSteps = new LongAdder();
    /** Set while an auto-scaling step runs, so the next tick does not start another. */
    private final java.util.concurrent.atomic.AtomicBoolean scaling = new java.util.concurrent.atomic.AtomicBoolean();

    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final AtomicLong ewmaMillisBits = new AtomicLong(Double.doubleToRawLongBits(0.0));

    ManagedPool(String poolId, long seq, PoolConfig config, int persistedWorkers) {
        this.poolId = poolId;
        this.seq = seq;
        this.config = config;
        this.persistedWorkers = persistedWorkers;
    }

    long seq() {
        return seq;
    }

    PoolConfig config() {
        return config;
    }

    void config(PoolConfig newConfig) {
        this.config = newConfig;
    }

    BasePool pool() {
        return pool;
    }

    int persistedWorkers() {
        return persistedWorkers;
    }

    void persistedWorkers(int workers) {
        this.persistedWorkers = workers;
    }

    /** Attaches a live pool (or detaches with null, recording the status to show meanwhile). */
    synchronized void attach(BasePool livePool, PoolStatus statusWhenDetached) {
        this.pool = livePool;
        this.offlineStatus = statusWhenDetached;
        refresh();
    }

    /** The live pool started running now: slow start counts from here; past failures are forgotten. */
    void started(long nowNanos) {
        runningSince = nowNanos;
        consecutiveFailures.set(0);
        ejectedUntil = 0;
    }

    long runningSince() {
        return runningSince;
    }

    // --- auto-scaling (see Autoscaler) ------------------------------------------------------------------

    void decided(ScaleDecision decision) {
        lastScaleDecision = decision;
    }

    ScaleDecision lastScaleDecision() {
        return lastScaleDecision;
    }

    java.time.Instant lastScaleAt() {
        return lastScaleAt;
    }

    void scaledAt(java.time.Instant at) {
        lastScaleAt = at;
        scaleSteps.increment();
    }

    /** @return true if no auto-scaling step is running and one may start now */
    boolean beginScaling() {
        return scaling.compareAndSet(false, true);
    }

    void endScaling() {
        scaling.set(false);
    }

    // --- outlier detection (see RoutingHealth) ----------------------------------------------------------

    boolean ejectedAt(long nowNanos) {
        return ejectedUntil - nowNanos > 0;
    }

    long ejectedUntil() {
        return ejectedUntil;
    }

    int timesEjected() {
        return timesEjected;
    }

    long lastEjectedAt() {
        return lastEjectedAt;
    }

    void eject(long nowNanos, long untilNanos, int times) {
        lastEjectedAt = nowNanos;
        ejectedUntil = untilNanos;
        timesEjected = times;
        consecutiveFailures.set(0);
    }

    void forgiveEjections() {
        timesEjected = 0;
    }

    int failedInARow() {
        return consecutiveFailures.incrementAndGet();
    }

    void succeeded() {
        consecutiveFailures.set(0);
    }

    /**
     * Re-reads capacity and status from the live pool; called whenever the pool reports a state change.
     *
     * @return the status reported before if it changed since the last refresh, else null
     */
    PoolStatus refresh() {
        BasePool p = pool;
        capacity = p == null ? 0 : Math.max(0, p.metrics().totalWorkers());
        PoolStatus now = status();
        PoolStatus before = reportedStatus;
        if (now == before) {
            return null;
        }
        reportedStatus = now;
        return before;
    }

    String detachReason() {
        return detachReason;
    }

    void detachReason(String reason) {
        this.detachReason = reason;
    }

    void health(HealthStatus h) {
        this.health = h;
    }

    boolean available() {
        return pool != null;
    }

    /**
     * @return true if tasks sent now can run: the pool is live, in a state that takes tasks, and has workers — or
     *         has none but auto-scales (it grows from zero when tasks wait)
     */
    boolean acceptsTasks() {
        return pool != null && status().acceptsTasks() && (capacity > 0 || config.autoScale());
    }

    /** @return true if the pool is live and running but has no workers and does not auto-scale */
    boolean idleWithoutWorkers() {
        return pool != null && status().acceptsTasks() && capacity <= 0 && !config.autoScale();
    }

    // --- PoolCandidate -------------------------------------------------------------------------------

    @Override
    public String poolId() {
        return poolId;
    }

    @Override
    public String poolType() {
        return config.poolType();
    }

    @Override
    public PoolStatus status() {
        BasePool p = pool;
        return p == null ? offlineStatus : p.status();
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public int queued() {
        BasePool p = pool;
        return p == null ? 0 : Math.min(inFlight.get(), Math.max(0, p.metrics().queued()));
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public double latencyEwmaMillis() {
        return Double.longBitsToDouble(ewmaMillisBits.get());
    }

    @Override
    public HealthStatus health() {
        return health;
    }

    // --- counters ------------------------------------------------------------------------------------

    void taskStarted() {
        inFlight.incrementAndGet();
    }

    void taskEnded(TaskResult result) {
        inFlight.decrementAndGet();
        if (result.status() == TaskStatus.COMPLETED) {
            completed.increment();
        } else {
            failed.increment();
            if (result.status() == TaskStatus.TIMEOUT) {
                timedOut.increment();
            }
        }
        long nanos = result.duration().toNanos();
        totalNanos.add(nanos);
        double sample = nanos / 1e6;
        long prev;
        long next;
        do {
            prev = ewmaMillisBits.get();
            double old = Double.longBitsToDouble(prev);
            double updated = old == 0.0 ? sample : old + EWMA_ALPHA * (sample - old);
            next = Double.doubleToRawLongBits(updated);
        } while (!ewmaMillisBits.compareAndSet(prev, next));
    }

    /** @return the pool's worker figures merged with the manager's task counters */
    PoolMetrics metrics() {
        BasePool p = pool;
        PoolMetrics own = p == null ? PoolMetrics.ofWorkers(poolId, status(), 0, 0, 0) : p.metrics();
        long done = completed.sum();
        long bad = failed.sum();
        long count = done + bad;
        double avg = count == 0 ? 0.0 : totalNanos.sum() / 1e9 / count;
        int queued = Math.max(0, own.queued());
        return new PoolMetrics(poolId, status(), own.activeWorkers(), own.totalWorkers(),
                Math.max(0, inFlight.get() - queued), queued, done, bad, timedOut.sum(), avg, latencyEwmaMillis(),
                own.memoryUsageMb(), own.tasksRejected(), scaleSteps.sum(), lastScaleDecision);
    }
}
