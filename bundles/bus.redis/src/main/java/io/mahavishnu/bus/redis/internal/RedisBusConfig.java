package io.mahavishnu.bus.redis.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the Redis bus transport (PID {@code io.mahavishnu.bus.redis}, file
 * {@code etc/io.mahavishnu.bus.redis.cfg}). Method names use a double underscore so the property keys are
 * snake_case ({@code redis__key__prefix()} reads {@code key_prefix}).
 */
@ObjectClassDefinition(name = "Mahavishnu Redis bus transport",
        description = "Where the Redis server is and how the bus uses it. The bus uses this transport when "
                + "bus_transport = redis in io.mahavishnu.bus.")
@interface RedisBusConfig {

    @AttributeDefinition(name = "Host", description = "Redis server host name or address.")
    String redis__host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "1", max = "65535", description = "Redis server port. 1..65535.")
    int redis__port() default 6379;

    @AttributeDefinition(name = "User", required = false,
            description = "ACL user name; empty uses the default user (or password-only AUTH).")
    String redis__user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Password of the user (requirepass or ACL); empty for none. Never logged.")
    String redis__password() default "";

    @AttributeDefinition(name = "TLS", description = "Connect with TLS; the server certificate is checked against "
            + "the JVM's trust store (javax.net.ssl.trustStore).")
    boolean redis__tls() default false;

    @AttributeDefinition(name = "Database", min = "0", max = "15", description = "Redis database number. 0..15.")
    int redis__database() default 0;

    @AttributeDefinition(name = "Key prefix", description = "Prefix of every key the bus uses; runtimes that "
            + "share a bus use the same prefix, separate buses on one server use different ones.")
    String redis__key__prefix() default "mahavishnu:";

    @AttributeDefinition(name = "Connect timeout (ms)", min = "100", max = "60000",
            description = "Time allowed to open a connection. 100..60000.")
    int redis__connect__timeout__ms() default 2000;

    @AttributeDefinition(name = "Socket timeout (ms)", min = "100", max = "60000",
            description = "Time allowed for one command's answer. 100..60000.")
    int redis__socket__timeout__ms() default 2000;

    @AttributeDefinition(name = "Runtime id", required = false,
            description = "Stable name of this runtime on the bus (its consumer name in every queue's consumer "
                    + "group). Empty derives one from the host name and the installation folder, so it survives "
                    + "restarts. Two runtimes sharing a bus must have different ids.")
    String redis__runtime__id() default "";

    @AttributeDefinition(name = "Claim idle (ms)", min = "100", max = "3600000",
            description = "A message received by a runtime but not acknowledged for this long (the runtime "
                    + "crashed) is claimed and re-delivered by another runtime. 100..3600000.")
    long redis__claim__idle__ms() default 30000;

    @AttributeDefinition(name = "Events length", min = "100", max = "10000000",
            description = "Approximate number of recent messages kept in the shared event stream from which every "
                    + "runtime feeds its subscribers. 100..10000000.")
    int redis__events__max__length() default 10000;

    @AttributeDefinition(name = "Max reconnect backoff (ms)", min = "100", max = "600000",
            description = "Longest wait between reconnection attempts while Redis is unreachable (the wait doubles "
                    + "from 100 ms up to this). 100..600000.")
    long redis__reconnect__max__backoff__ms() default 5000;

    @AttributeDefinition(name = "Connections", min = "2", max = "256",
            description = "Most pooled connections (publishing and receiving; blocking receives hold one each "
                    + "while they wait). 2..256.")
    int redis__max__connections() default 32;
}
