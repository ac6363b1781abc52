package io.mahavishnu.manager.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the pool manager (PID {@code io.mahavishnu.manager}, file {@code etc/io.mahavishnu.manager.cfg}). */
@ObjectClassDefinition(name = "Mahavishnu pool manager",
        description = "Routing defaults and timeouts of the pool manager. Every setting can be overridden by an "
                + "environment variable MAHAVISHNU_<SETTING IN UPPER CASE>.")
@interface ManagerConfig {

    @AttributeDefinition(name = "Default routing strategy",
            description = "Strategy used when a route names none: least_loaded, round_robin, random, affinity or "
                    + "any deployed strategy. An unknown name is reported when a task is routed.")
    String pool_routing_strategy() default "least_loaded";

    @AttributeDefinition(name = "Strategy swap grace (seconds)",
            description = "While a strategy's bundle is being updated, routes naming it wait up to this long for "
                    + "it to return instead of failing. 0..300.")
    int strategy_swap_grace_seconds() default 10;

    @AttributeDefinition(name = "Pool stop timeout (seconds)",
            description = "How long closing a pool, or removing its pool type, waits for the pool to stop. 1..600.")
    int pool_stop_timeout_seconds() default 30;

    @AttributeDefinition(name = "Health check timeout (seconds)",
            description = "A pool whose health check takes longer is reported unhealthy. 1..300.")
    int health_timeout_seconds() default 5;
}
