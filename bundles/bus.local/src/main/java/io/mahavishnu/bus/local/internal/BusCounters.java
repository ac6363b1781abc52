package io.mahavishnu.bus.local.internal;

import java.util.concurrent.atomic.LongAdder;

/** The bus's counters. Lock-free ({@link LongAdder}); a snapshot of several counters is not atomic. */
final class BusCounters {

    /** Messages accepted by the transport. */
    final LongAdder published = new LongAdder();
    /** Handler invocations that returned normally. */
    final LongAdder delivered = new LongAdder();
    /** Messages refused to their publisher: no transport, full queue, transport failure. */
    final LongAdder rejected = new LongAdder();
    /** Handler invocations that threw. */
    final LongAdder handlerErrors = new LongAdder();
    /** Deliveries refused because a subscriber's mailbox was full. */
    final LongAdder overflowed = new LongAdder();
    /** Accepted messages lost afterwards: reported by a transport, or not movable in a transport switch. */
    final LongAdder lost = new LongAdder();
}
