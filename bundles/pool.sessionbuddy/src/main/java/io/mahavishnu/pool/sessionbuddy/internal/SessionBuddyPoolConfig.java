package io.mahavishnu.pool.sessionbuddy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the session-buddy pool type (PID {@code io.mahavishnu.pool.sessionbuddy}, file
 * {@code etc/io.mahavishnu.pool.sessionbuddy.cfg}). Double underscores become single ones in the property keys.
 * A pool's {@code extra_config} may override {@code session_buddy_url} and {@code pool_size}.
 */
@ObjectClassDefinition(name = "Mahavishnu session-buddy pool",
        description = "Pools whose workers run on a remote Session-Buddy, driven over MCP.")
@interface SessionBuddyPoolConfig {

    @AttributeDefinition(name = "Session-Buddy URL",
            description = "MCP endpoint used when a pool's extra_config has no session_buddy_url.")
    String session__buddy__url() default "http://localhost:8678/mcp";

    @AttributeDefinition(name = "Pool size",
            description = "Workers a pool spawns at start when its extra_config has no pool_size; kept within the "
                    + "pool's [min_workers, max_workers]. 1..1000.")
    int pool__size() default 3;

    @AttributeDefinition(name = "Connect timeout (seconds)",
            description = "Bound for connecting to Session-Buddy and the MCP handshake. 1..300.")
    int connect__timeout__seconds() default 5;

    @AttributeDefinition(name = "Call timeout (seconds)",
            description = "Bound for worker_spawn, worker_health and worker_close calls. 1..3600.")
    int call__timeout__seconds() default 30;

    @AttributeDefinition(name = "Task timeout margin (seconds)",
            description = "A prompt's call may take its task timeout plus this long before it ends as timeout "
                    + "(Session-Buddy enforces the task timeout itself). 1..3600.")
    int task__timeout__margin__seconds() default 30;

    @AttributeDefinition(name = "Queue size",
            description = "Tasks a pool keeps waiting when all its workers are busy; more are rejected with "
                    + "queue_full. 0..1000000.")
    int queue__size() default 1000;

    @AttributeDefinition(name = "Memory items retained",
            description = "Task memory items each pool keeps for collection (the newest ones). 0..100000.")
    int memory__items__retained() default 1000;
}
