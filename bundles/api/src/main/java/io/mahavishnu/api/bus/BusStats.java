package io.mahavishnu.api.bus;

import java.util.Map;

/**
 * Counters of the bus ({@code get_stats()} of the original, plus counters).
 *
 * @param transport        active transport name
 * @param poolsWithQueues  number of per-pool queues
 * @param queueSizes       pool id → messages waiting
 * @param subscriberCounts message type wire name → handlers
 * @param maxQueueSize     bound of each queue
 * @param published        messages accepted
 * @param delivered        handler invocations that returned normally
 * @param rejected         messages refused (full queue, no transport, transport failure)
 * @param handlerErrors    handler invocations that threw
 * @param overflowed       deliveries refused because a subscriber's buffer was full
 * @param lost             accepted messages a transport reported lost afterwards (e.g. its broker failed), or that
 *                         could not be moved when the transport changed
 */
public record BusStats(String transport, int poolsWithQueues, Map<String, Integer> queueSizes,
                       Map<String, Integer> subscriberCounts, int maxQueueSize, long published, long delivered,
                       long rejected, long handlerErrors, long overflowed, long lost) {

    /** Copies the maps. */
    public BusStats {
        queueSizes = Map.copyOf(queueSizes);
        subscriberCounts = Map.copyOf(subscriberCounts);
    }
}
