package io.mahavishnu.bus.redis.internal;

/**
 * The Redis keys of one bus, all under the configured prefix: one stream per pool queue, the shared event stream,
 * and the epoch marker that tells a restarted (emptied) server from the one messages were written to.
 *
 * @param prefix key prefix, e.g. {@code mahavishnu:}
 */
record Keys(String prefix) {

    /** Consumer group of every queue stream: all runtimes share it, so each message is received once. */
    static final String GROUP = "receivers";

    private static final String QUEUE = "queue:";

    /** @return the stream holding a pool's queue */
    String queue(String poolId) {
        return prefix + QUEUE + poolId;
    }

    /** @return the pool id of a queue key, or null if the key is not a queue of this bus */
    String poolOf(String key) {
        String start = prefix + QUEUE;
        return key.startsWith(start) && key.length() > start.length() ? key.substring(start.length()) : null;
    }

    /** @return a SCAN pattern matching every queue key (the prefix holds no glob characters, see settings) */
    String queuePattern() {
        return prefix + QUEUE + "*";
    }

    /** @return the stream every runtime reads to feed its subscribers */
    String events() {
        return prefix + "events";
    }

    /** @return the set of pools whose queues a runtime receives from (taken along when it leaves Redis) */
    String receivers(String runtimeId) {
        return prefix + "receivers:" + runtimeId;
    }

    /** @return the key holding the server's epoch: a random value set once, gone when the server lost its data */
    String epoch() {
        return prefix + "epoch";
    }
}
