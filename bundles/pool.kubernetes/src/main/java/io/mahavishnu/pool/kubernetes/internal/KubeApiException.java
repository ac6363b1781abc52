package io.mahavishnu.pool.kubernetes.internal;

/** A request to the Kubernetes API failed; {@link #code()} is the HTTP status, 0 when there was no answer. */
final class KubeApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The object exists already. */
    static final int CONFLICT = 409;
    /** The object does not exist. */
    static final int NOT_FOUND = 404;

    private final int code;

    KubeApiException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    int code() {
        return code;
    }
}
