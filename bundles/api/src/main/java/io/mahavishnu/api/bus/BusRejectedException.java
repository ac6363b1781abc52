package io.mahavishnu.api.bus;

/**
 * The bus did not accept a message: the target queue is full, no transport is active, or the transport
 * failed. The caller sees it (never a silent drop) and {@link BusStats#rejected()} counts it.
 */
public class BusRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was rejected and why */
    public BusRejectedException(String message) {
        super(message);
    }

    /** @param message what was rejected and why @param cause the transport failure */
    public BusRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
