package io.mahavishnu.bus.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the message bus (PID {@code io.mahavishnu.bus}, file {@code etc/io.mahavishnu.bus.cfg}).
 * Method names use a double underscore so the property keys are the snake_case setting names of the original
 * ({@code max__queue__size()} reads {@code max_queue_size}); a single underscore would map to a dot.
 */
@ObjectClassDefinition(name = "Mahavishnu message bus",
        description = "Queue bounds, transport and handler threads of the message bus.")
@interface BusConfig {

    @AttributeDefinition(name = "Max queue size", min = "1", max = "1000000",
            description = "Bound of each per-pool queue; a targeted message to a full queue is rejected and "
                    + "counted. Changing it re-creates the queues, keeping their messages. 1..1000000.")
    int max__queue__size() default 1000;

    @AttributeDefinition(name = "Bus transport",
            description = "Name of the transport that carries messages (service property bus.transport), e.g. "
                    + "local or redis. When it is not deployed the local transport is used.")
    String bus__transport() default "local";

    @AttributeDefinition(name = "Subscriber buffer", min = "1", max = "1000000",
            description = "Messages waiting for one subscriber's handler; when full, further deliveries to that "
                    + "subscriber are refused, logged and counted as overflowed. 1..1000000.")
    int subscriber__buffer() default 10000;

    @AttributeDefinition(name = "Handler threads", min = "1", max = "64",
            description = "Threads that run subscribers' handlers (each subscriber's messages run one at a time, "
                    + "in order). 1..64.")
    int handler__threads() default 2;
}
