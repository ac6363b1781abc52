package io.mahavishnu.bus.redis.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.util.regex.Pattern;

/**
 * Validated settings of the Redis transport; every invalid value is reported with its setting name. The password
 * is never part of {@link #toString()}, so settings can be logged.
 *
 * @param host                 server host
 * @param port                 server port
 * @param user                 ACL user, empty for the default user
 * @param password             password, empty for none
 * @param tls                  connect with TLS
 * @param database             database number
 * @param keyPrefix            prefix of every key
 * @param connectTimeoutMs     connect timeout
 * @param socketTimeoutMs      command timeout
 * @param runtimeId            consumer name of this runtime, empty to derive one
 * @param claimIdleMs          idle time after which another runtime's unacknowledged messages are claimed
 * @param eventsMaxLength      approximate length of the event stream
 * @param reconnectMaxBackoffMs longest wait between reconnection attempts
 * @param maxConnections       size of the connection pool
 */
record RedisSettings(String host, int port, String user, String password, boolean tls, int database,
                     String keyPrefix, int connectTimeoutMs, int socketTimeoutMs, String runtimeId, long claimIdleMs,
                     int eventsMaxLength, long reconnectMaxBackoffMs, int maxConnections) {

    private static final Pattern RUNTIME_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:{}-]{0,64}");

    /** Defaults: a server on this machine, port 6379. */
    static final RedisSettings DEFAULTS = new RedisSettings("127.0.0.1", 6379, "", "", false, 0, "mahavishnu:", 2000,
            2000, "", 30_000, 10_000, 5_000, 32);

    RedisSettings {
        host = host == null ? "" : host.trim();
        if (host.isEmpty()) {
            throw new ValidationException("redis_host", host, "must be a host name or address, e.g. 127.0.0.1");
        }
        ValidationException.requireBetween("redis_port", port, 1, 65535);
        user = user == null ? "" : user.trim();
        password = password == null ? "" : password;
        ValidationException.requireBetween("redis_database", database, 0, 15);
        keyPrefix = keyPrefix == null ? "" : keyPrefix.trim();
        if (!PREFIX.matcher(keyPrefix).matches()) {
            throw new ValidationException("redis_key_prefix", keyPrefix,
                    "must be at most 64 letters, digits or . _ : { } - (e.g. mahavishnu:)");
        }
        ValidationException.requireBetween("redis_connect_timeout_ms", connectTimeoutMs, 100, 60_000);
        ValidationException.requireBetween("redis_socket_timeout_ms", socketTimeoutMs, 100, 60_000);
        runtimeId = runtimeId == null ? "" : runtimeId.trim();
        if (!runtimeId.isEmpty() && !RUNTIME_ID.matcher(runtimeId).matches()) {
            throw new ValidationException("redis_runtime_id", runtimeId,
                    "must be empty or up to 128 letters, digits or . _ : - starting with a letter or digit");
        }
        ValidationException.requireBetween("redis_claim_idle_ms", claimIdleMs, 100, 3_600_000);
        ValidationException.requireBetween("redis_events_max_length", eventsMaxLength, 100, 10_000_000);
        ValidationException.requireBetween("redis_reconnect_max_backoff_ms", reconnectMaxBackoffMs, 100, 600_000);
        ValidationException.requireBetween("redis_max_connections", maxConnections, 2, 256);
    }

    static RedisSettings of(RedisBusConfig c) {
        return new RedisSettings(c.redis__host(), c.redis__port(), c.redis__user(), c.redis__password(),
                c.redis__tls(), c.redis__database(), c.redis__key__prefix(), c.redis__connect__timeout__ms(),
                c.redis__socket__timeout__ms(), c.redis__runtime__id(), c.redis__claim__idle__ms(),
                c.redis__events__max__length(), c.redis__reconnect__max__backoff__ms(), c.redis__max__connections());
    }

    /** @return the same settings with another runtime id (tests run several runtimes in one JVM) */
    RedisSettings withRuntimeId(String id) {
        return new RedisSettings(host, port, user, password, tls, database, keyPrefix, connectTimeoutMs,
                socketTimeoutMs, id, claimIdleMs, eventsMaxLength, reconnectMaxBackoffMs, maxConnections);
    }

    /** @return the same settings with another claim idle time */
    RedisSettings withClaimIdleMs(long ms) {
        return new RedisSettings(host, port, user, password, tls, database, keyPrefix, connectTimeoutMs,
                socketTimeoutMs, runtimeId, ms, eventsMaxLength, reconnectMaxBackoffMs, maxConnections);
    }

    /** @return where the server is, for messages: {@code redis[s]://host:port/db} */
    String address() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return address() + " (user " + (user.isEmpty() ? "default" : user) + ", password "
                + (password.isEmpty() ? "none" : "set") + ", redis_key_prefix " + keyPrefix + ")";
    }
}
