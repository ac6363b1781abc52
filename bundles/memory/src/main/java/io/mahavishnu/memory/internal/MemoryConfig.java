package io.mahavishnu.memory.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Memory aggregation settings (PID {@code io.mahavishnu.memory}, file {@code etc/io.mahavishnu.memory.cfg}), shared
 * by the aggregator and the Session-Buddy and Akosha sinks. Double underscores in method names become single ones in
 * the property keys ({@code memory__sync__interval()} is {@code memory_sync_interval}).
 */
@ObjectClassDefinition(name = "Mahavishnu memory aggregation",
        description = "Collects pool memory into a durable outbox and delivers it to Session-Buddy and Akosha.")
@interface MemoryConfig {

    @AttributeDefinition(name = "Enabled", description = "Collect pool memory and deliver it to the sinks.")
    boolean memory__aggregation__enabled() default true;

    @AttributeDefinition(name = "Sync interval (seconds)",
            description = "Pools are collected (and due deliveries retried) at least this often. 10..600.")
    int memory__sync__interval() default 60;

    @AttributeDefinition(name = "Session-Buddy URL",
            description = "MCP endpoint of Session-Buddy (store_memory, search_conversations).")
    String session__buddy__pool__url() default "http://localhost:8678/mcp";

    @AttributeDefinition(name = "Akosha URL", description = "MCP endpoint of Akosha (aggregate_metrics).")
    String akosha__url() default "http://localhost:8682/mcp";

    @AttributeDefinition(name = "Sinks",
            description = "Names of the sinks every collected item is delivered to (comma separated). An item "
                    + "waits in the outbox for a listed sink even while that sink is not deployed.")
    String sinks() default "session-buddy,akosha";

    @AttributeDefinition(name = "Connect timeout (seconds)",
            description = "Bound for connecting to a remote MCP server and its handshake. 1..300.")
    int connect__timeout__seconds() default 5;

    @AttributeDefinition(name = "Delivery timeout (seconds)",
            description = "Bound for one delivery call to a sink; a sink slower than this counts as failed. 1..3600.")
    int delivery__timeout__seconds() default 30;

    @AttributeDefinition(name = "Search timeout (seconds)",
            description = "Bound for asking Session-Buddy in a search before answering from the local outbox. 1..300.")
    int search__timeout__seconds() default 5;

    @AttributeDefinition(name = "Collect timeout (seconds)",
            description = "Bound for collecting one pool's memory. 1..300.")
    int collect__timeout__seconds() default 10;

    @AttributeDefinition(name = "Collect delay (milliseconds)",
            description = "After a task ends its pool is collected within this delay (tasks ending together are "
                    + "collected at once). 0..600000.")
    int collect__delay__millis() default 1000;

    @AttributeDefinition(name = "Batch size",
            description = "Items per delivery call, unless the sink asks for fewer (memory.sink.batch). 1..1000.")
    int batch__size() default 20;

    @AttributeDefinition(name = "First retry delay (milliseconds)",
            description = "A failed item is retried after this delay, doubling per attempt. 10..3600000.")
    long retry__initial__millis() default 1000;

    @AttributeDefinition(name = "Longest retry delay (milliseconds)",
            description = "Upper bound of the doubling retry delay. retry_initial_millis..86400000.")
    long retry__max__millis() default 300000;

    @AttributeDefinition(name = "Attempts before parking",
            description = "An item that fails this many times while the sink takes other items is parked: kept, "
                    + "shown by memory:parked, delivered again only on memory:retry. Failures while the sink is "
                    + "unreachable do not count. 1..1000.")
    int max__attempts() default 5;

    @AttributeDefinition(name = "Breaker threshold",
            description = "Consecutive failed deliveries after which a sink is paused. 1..1000.")
    int breaker__failure__threshold() default 5;

    @AttributeDefinition(name = "Breaker open time (seconds)",
            description = "How long a paused sink waits before one probe delivery. 1..3600.")
    int breaker__open__seconds() default 60;

    @AttributeDefinition(name = "Retention (days)",
            description = "Delivered items stay in the outbox this long, for local search when Session-Buddy is "
                    + "down. Pending and parked items are never removed. 0..3650.")
    int retention__days() default 7;

    @AttributeDefinition(name = "Retention (items)",
            description = "At most this many delivered items are kept for local search (oldest removed first). "
                    + "0..10000000.")
    long retention__items() default 10000;

    @AttributeDefinition(name = "Outbox file",
            description = "The outbox file. Empty: data/memory/outbox.mv.db in the runtime's folder (in a framework "
                    + "without mahavishnu.home: the bundle's data area).")
    String outbox__path() default "";
}
