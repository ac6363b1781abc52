package io.mahavishnu.bus.redis.internal;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The connection to Redis: a pool for commands, dedicated connections for long blocking reads, and whether the
 * server is reachable. When a command finds the server unreachable the link is marked down: further commands fail
 * at once (so a publish fails fast and visibly instead of waiting for a connect timeout each time), and a background
 * thread probes the server with exponential backoff until it answers, then marks the link up again and runs the
 * maintenance task. While up, the same thread runs the maintenance task every {@link #TICK}.
 */
final class RedisLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

    /** Period of the maintenance task while the server is reachable. */
    static final Duration TICK = Duration.ofSeconds(1);
    private static final long FIRST_BACKOFF_MS = 100;
    /** Extra time a blocking read may take on the socket beyond its BLOCK argument before it counts as broken. */
    static final int BLOCK_MARGIN_MS = 1000;
    /** Longest BLOCK of a read; bounds how long a read may delay a hand-over or close. */
    static final int MAX_BLOCK_MS = 250;

    private final RedisSettings settings;
    private final JedisClientConfig clientConfig;
    private final HostAndPort address;
    private final JedisPool pool;
    private final Runnable maintenance;
    private final Thread monitor;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when {@link #up} or {@link #closed} changes. */
    private final Condition changed = lock.newCondition();
    /** Whether commands are attempted. Guarded by {@link #lock}; volatile for the lock-free fast path. */
    private volatile boolean up = true;
    /** When the link went down ({@code System.nanoTime()}). Guarded by {@link #lock}. */
    private long downSince;
    /** Why the link is down, for error messages (never holds credentials). Guarded by {@link #lock}. */
    private String reason = "";
    /** Set once by {@link #close()}. Guarded by {@link #lock}; volatile for the loops that poll it. */
    private volatile boolean closed;

    /**
     * @param settings    where the server is
     * @param maintenance run every {@link #TICK} while up and at once after reconnecting; may throw
     *                    {@link RedisUnavailableException}
     */
    RedisLink(RedisSettings settings, Runnable maintenance) {
        this.settings = settings;
        this.maintenance = maintenance;
        this.address = new HostAndPort(settings.host(), settings.port());
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(settings.connectTimeoutMs())
                .socketTimeoutMillis(settings.socketTimeoutMs())
                .blockingSocketTimeoutMillis(MAX_BLOCK_MS + BLOCK_MARGIN_MS + settings.socketTimeoutMs())
                .database(settings.database()).ssl(settings.tls()).clientName("mahavishnu-bus");
        if (!settings.user().isEmpty()) {
            config.user(settings.user());
        }
        if (!settings.password().isEmpty()) {
            config.password(settings.password());
        }
        this.clientConfig = config.build();
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(settings.maxConnections());
        poolConfig.setMaxIdle(settings.maxConnections());
        poolConfig.setMinIdle(0);
        poolConfig.setMaxWait(Duration.ofMillis(settings.connectTimeoutMs()));
        poolConfig.setJmxEnabled(false);
        this.pool = new JedisPool(poolConfig, address, clientConfig);
        this.monitor = new Thread(this::monitorLoop, "mahavishnu-bus-redis-link");
        monitor.setDaemon(true);
    }

    /** Starts the background thread (probing and maintenance). */
    void start() {
        monitor.start();
    }

    /**
     * Runs a command on a pooled connection.
     *
     * @throws RedisUnavailableException if the server is (or just became) unreachable, or no connection is free
     */
    <T> T call(Function<Jedis, T> command) {
        requireUp();
        Jedis jedis;
        try {
            jedis = pool.getResource();
        } catch (JedisException e) {
            if (e.getCause() instanceof NoSuchElementException) {
                throw new RedisUnavailableException("all " + settings.maxConnections() + " connections to "
                        + settings.address() + " are busy (max_connections)", e);
            }
            throw markDown(e);
        }
        try (jedis) {
            return command.apply(jedis);
        } catch (JedisConnectionException e) {
            throw markDown(e);
        }
    }

    /**
     * @return a new connection of its own, for a read that blocks; the caller closes it (closing it from another
     *         thread ends a blocked read at once)
     * @throws RedisUnavailableException if the server cannot be reached
     */
    Jedis dedicated() {
        requireUp();
        try {
            Jedis jedis = new Jedis(address, clientConfig);
            jedis.ping();
            return jedis;
        } catch (JedisException e) {
            throw markDown(e);
        }
    }

    /** @return the error to throw for a connection failure seen by a user of a dedicated connection */
    RedisUnavailableException failed(JedisException e) {
        return markDown(e);
    }

    boolean isUp() {
        return up && !closed;
    }

    /**
     * Waits until the server is reachable.
     *
     * @return true if it is, false if the wait ended first or the link was closed
     */
    boolean awaitUp(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (!up && !closed && left > 0) {
                left = changed.awaitNanos(left);
            }
            return up && !closed;
        } finally {
            lock.unlock();
        }
    }

    /** @return where the server is (no credentials) */
    String address() {
        return settings.address();
    }

    private void requireUp() {
        if (closed) {
            throw new RedisUnavailableException("the Redis bus transport is stopped", null);
        }
        if (!up) {
            lock.lock();
            try {
                if (!up) {
                    throw new RedisUnavailableException("Redis at " + settings.address() + " is unreachable since "
                            + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSince) + " s (" + reason
                            + "); reconnecting in the background", null);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private RedisUnavailableException markDown(JedisException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        lock.lock();
        try {
            if (up && !closed) {
                up = false;
                downSince = System.nanoTime();
                reason = why;
                changed.signalAll();
                LOG.warn("Redis at {} is unreachable ({}); publishing fails until it is back, reconnecting with "
                        + "backoff up to {} ms", settings.address(), why, settings.reconnectMaxBackoffMs());
            }
        } finally {
            lock.unlock();
        }
        // Idle pooled connections are dead too (e.g. the server restarted): drop them rather than fail on each.
        pool.clear();
        return new RedisUnavailableException("Redis at " + settings.address() + " is unreachable (" + why
                + "); reconnecting in the background", e);
    }

    private void monitorLoop() {
        long backoff = FIRST_BACKOFF_MS;
        while (!closed) {
            try {
                if (up) {
                    backoff = FIRST_BACKOFF_MS;
                    runMaintenance();
                    awaitQuietly(TICK.toNanos(), true);
                } else if (probe()) {
                    markUp();
                } else {
                    awaitQuietly(TimeUnit.MILLISECONDS.toNanos(backoff), false);
                    backoff = Math.min(backoff * 2, settings.reconnectMaxBackoffMs());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void runMaintenance() {
        try {
            maintenance.run();
        } catch (RedisUnavailableException e) {
            // Already marked down and logged; the loop starts probing.
        } catch (RuntimeException e) {
            LOG.warn("Redis bus maintenance failed: {}", e.toString());
        }
    }

    private boolean probe() {
        try (Jedis jedis = new Jedis(address, clientConfig)) {
            return "PONG".equalsIgnoreCase(jedis.ping());
        } catch (JedisException e) {
            lock.lock();
            try {
                reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            } finally {
                lock.unlock();
            }
            return false;
        }
    }

    private void markUp() {
        lock.lock();
        try {
            up = true;
            changed.signalAll();
            LOG.info("Redis at {} is reachable again after {} ms; delivery resumes", settings.address(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince));
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos}, returning early when the link closes (or, if {@code whileUp}, goes down). */
    private void awaitQuietly(long nanos, boolean whileUp) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (!closed && left > 0 && (!whileUp || up)) {
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops the background thread and closes every pooled connection. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            monitor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }
}
