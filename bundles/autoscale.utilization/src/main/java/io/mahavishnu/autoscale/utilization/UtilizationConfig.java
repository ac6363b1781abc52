package io.mahavishnu.autoscale.utilization;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the utilization policy (PID {@code io.mahavishnu.autoscale.utilization}). A double underscore in a
 * method name stands for one underscore in the property key.
 */
@ObjectClassDefinition(name = "Mahavishnu autoscale policy: utilization",
        description = "Sizes auto-scaling pools so that busy workers stay near a target share, in the manner of the "
                + "Kubernetes horizontal pod autoscaler.")
@interface UtilizationConfig {

    @AttributeDefinition(name = "Target utilization (percent)",
            description = "Share of workers that should be busy (tasks running and waiting / workers). 1..100.")
    int target__utilization__percent() default 70;

    @AttributeDefinition(name = "Tolerance (percent)",
            description = "No step while utilization is within this many percent of the target. 0..50.")
    int tolerance__percent() default 10;

    @AttributeDefinition(name = "Scale-down stabilization window (seconds)",
            description = "A pool shrinks only to the largest size recommended during this window, so a short lull "
                    + "does not remove workers that a returning burst needs. 0..3600.")
    int scale__down__stabilization__seconds() default 300;

    @AttributeDefinition(name = "Cooldown (seconds)",
            description = "Least time between two steps of one pool. 0..3600.")
    int cooldown__seconds() default 15;
}
