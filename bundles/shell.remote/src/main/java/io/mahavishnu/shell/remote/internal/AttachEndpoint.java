package io.mahavishnu.shell.remote.internal;

/**
 * Registered (inside this bundle) once the attach server listens, or once it is known to be disabled: the
 * readiness announcement waits for it.
 *
 * @param enabled whether the server listens
 * @param host    listening address
 * @param port    listening port
 */
record AttachEndpoint(boolean enabled, String host, int port) {

    /** @return how to attach, for the log */
    String describe() {
        return enabled ? "attach with bin/mahavishnu shell (ssh on " + host + ":" + port + ")"
                : "attach console disabled (attach_enabled = false)";
    }
}
