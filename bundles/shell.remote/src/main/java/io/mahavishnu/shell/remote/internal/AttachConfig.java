package io.mahavishnu.shell.remote.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the attach server (PID {@code io.mahavishnu.shell.remote}, file
 * {@code etc/io.mahavishnu.shell.remote.cfg}). A double underscore in a method name stands for one underscore in the
 * property key ({@code attach_port}); {@code MAHAVISHNU_ATTACH_PORT} etc. override the file.
 */
@ObjectClassDefinition(name = "Mahavishnu attach console",
        description = "SSH server through which bin/mahavishnu shell opens a console on the running runtime or runs "
                + "one command. Loopback only unless explicitly allowed; public-key authentication only.")
@interface AttachConfig {

    @AttributeDefinition(name = "Enabled", description = "Whether the attach server runs.")
    boolean attach__enabled() default true;

    @AttributeDefinition(name = "Host",
            description = "Address to listen on. Anything but a loopback address also needs attach_allow_remote.")
    String attach__host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "TCP port to listen on (1..65535).")
    int attach__port() default 8101;

    @AttributeDefinition(name = "Allow remote",
            description = "Allow listening on a non-loopback address. Only with keys you control in the "
                    + "authorized keys file; the generated client key then works from anywhere it is copied to.")
    boolean attach__allow__remote() default false;

    @AttributeDefinition(name = "Authorized keys file",
            description = "OpenSSH authorized_keys file of additional public keys allowed to attach, relative to the "
                    + "installation folder. Ignored when missing, or when others than its owner may write to it.")
    String attach__authorized__keys() default "etc/authorized_keys";

    @AttributeDefinition(name = "Key folder",
            description = "Where the host key and the generated client key pair live (created on first start, "
                    + "readable by the owner only), relative to the installation folder.")
    String attach__key__dir() default "data/ssh";

    @AttributeDefinition(name = "Idle timeout (minutes)",
            description = "An attached console with no traffic for this long is closed (0 = never; 0..1440).")
    int attach__idle__timeout__minutes() default 60;
}
