package io.mahavishnu.manager.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the pool manager (PID {@code io.mahavishnu.manager}, file {@code etc/io.mahavishnu.manager.cfg}).
 * A double underscore in a method name stands for one underscore in the property key ({@code pool_routing_strategy}).
 */
@ObjectClassDefinition(name = "Mahavishnu pool manager",
        description = "Routing defaults and timeouts of the pool manager. Every setting can be overridden by an "
                + "environment variable MAHAVISHNU_<SETTING IN UPPER CASE>.")
@interface ManagerConfig {

    @AttributeDefinition(name = "Default routing strategy",
            description = "Strategy used when a route names none: least_loaded, round_robin, random, affinity or "
                    + "any deployed strategy. An unknown name is reported when a task is routed.")
    String pool__routing__strategy() default "least_loaded";

    @AttributeDefinition(name = "Strategy swap grace (seconds)",
            description = "While a strategy's bundle is being updated, routes naming it wait up to this long for "
                    + "it to return instead of failing. 0..300.")
    int strategy__swap__grace__seconds() default 10;

    @AttributeDefinition(name = "Pool stop timeout (seconds)",
            description = "How long closing a pool, or removing its pool type, waits for the pool to stop. 1..600.")
    int pool__stop__timeout__seconds() default 30;

    @AttributeDefinition(name = "Health check timeout (seconds)",
            description = "A pool whose health check takes longer is reported unhealthy. 1..300.")
    int health__timeout__seconds() default 5;
}
