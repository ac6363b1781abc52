package io.mahavishnu.federation.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the pool federation (PID {@code io.mahavishnu.federation}, file {@code etc/io.mahavishnu.federation.cfg}).
 * A double underscore in a method name stands for one underscore in the key ({@code heartbeat_interval_seconds}).
 */
@ObjectClassDefinition(name = "Mahavishnu pool federation",
        description = "How runtimes sharing a bus announce their pools to each other and hand tasks over. Routing to "
                + "other runtimes' pools is chosen by federation_routing in io.mahavishnu.manager.")
@interface FederationConfig {

    @AttributeDefinition(name = "Heartbeat interval (seconds)",
            description = "How often this runtime announces its pools and their figures. 1..60.")
    int heartbeat__interval__seconds() default 2;

    @AttributeDefinition(name = "Runtime timeout (seconds)",
            description = "A runtime not heard from for this long is dropped from routing and its delegated tasks "
                    + "fail. 2..600, at least twice the heartbeat interval.")
    int runtime__timeout__seconds() default 10;

    @AttributeDefinition(name = "Acknowledgement timeout (seconds)",
            description = "A delegated task the other runtime has not acknowledged within this long fails as not "
                    + "attempted, so routing may send it elsewhere. 2..600.")
    int accept__timeout__seconds() default 10;

    @AttributeDefinition(name = "Result margin (seconds)",
            description = "Once acknowledged, a delegated task's result is awaited for its timeout plus this "
                    + "margin (queueing and transfer); then it is reported as timed out and cancelled there. 1..3600.")
    int result__margin__seconds() default 30;
}
