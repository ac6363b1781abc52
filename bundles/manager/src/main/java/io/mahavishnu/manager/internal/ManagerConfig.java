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

    @AttributeDefinition(name = "Outlier ejection: consecutive failures",
            description = "A pool whose tasks fail (failed or timeout) this many times in a row is taken out of "
                    + "routing for a while. 0 disables ejection. 0..1000.")
    int outlier__consecutive__failures() default 5;

    @AttributeDefinition(name = "Outlier ejection: base time (seconds)",
            description = "How long the first ejection lasts; the n-th ejection of the same pool lasts n times as "
                    + "long, up to the maximum. 1..3600.")
    int outlier__base__ejection__seconds() default 30;

    @AttributeDefinition(name = "Outlier ejection: maximum time (seconds)",
            description = "Cap of one ejection. 1..86400, not less than the base time.")
    int outlier__max__ejection__seconds() default 300;

    @AttributeDefinition(name = "Outlier ejection: maximum share of pools (percent)",
            description = "At most this share of the pools is ejected at once (a single pool always may be). When "
                    + "every running pool is ejected, routing continues over all of them and reports reason "
                    + "'panic'. 0..100.")
    int outlier__max__ejection__percent() default 50;

    @AttributeDefinition(name = "Slow start window (seconds)",
            description = "A pool that starts running while others are established receives a share of routed "
                    + "traffic that ramps from 10 % to full over this window. 0 disables slow start. 0..3600.")
    int slow__start__window__seconds() default 30;

    @AttributeDefinition(name = "Retry budget (percent of tasks in flight)",
            description = "Idempotent routed tasks that fail are retried on another pool while retries in flight "
                    + "stay under this share of all tasks in flight (or under the minimum). 0..100.")
    int retry__budget__percent() default 20;

    @AttributeDefinition(name = "Retry budget minimum",
            description = "Retries in flight always allowed, whatever the share. 0..1000.")
    int retry__budget__min() default 3;

    @AttributeDefinition(name = "Attempts per routed task",
            description = "Most pools a routed task is tried on, the first attempt included. 1..10.")
    int route__max__attempts() default 3;

    @AttributeDefinition(name = "Autoscale policy",
            description = "Policy that sizes pools spawned with auto_scale=true, unless a pool's extra_config names "
                    + "another (autoscale_policy). utilization is the built-in one; third parties deploy their own "
                    + "as bundles.")
    String autoscale__policy() default "utilization";

    @AttributeDefinition(name = "Autoscale interval (seconds)",
            description = "How often auto-scaling pools are looked at. 1..3600.")
    int autoscale__interval__seconds() default 15;

    @AttributeDefinition(name = "Requests per caller kind",
            description = "Requests (execute, route, batch) each caller kind - ultracode, claude_code, workflow, "
                    + "cli, unknown - may make per window; more are refused as rate_limited with the time to wait. "
                    + "0 = unlimited. 0..1000000.")
    int quota__requests() default 60;

    @AttributeDefinition(name = "Quota window (seconds)",
            description = "Window over which a caller kind's quota refills completely. 1..86400.")
    int quota__window__seconds() default 60;

    @AttributeDefinition(name = "Affinity allowlist",
            description = "Pools (ids or names, comma-separated) the affinity strategy may send tasks to; * = every "
                    + "pool; empty = none, so an affinity hint always falls back to the least loaded pool.")
    String affinity__allowlist() default "*";

    @AttributeDefinition(name = "Routing to other runtimes",
            description = "With a federation deployed: local_only never routes to pools of other runtimes; "
                    + "prefer_local routes there only when no local pool has an idle worker; global treats local "
                    + "and remote pools alike.")
    String federation__routing() default "prefer_local";
}
