package io.mahavishnu.launcher.attach;

/** The client could not attach: connection, keys or settings. The message is shown as one line. */
final class AttachException extends Exception {

    private static final long serialVersionUID = 1L;

    AttachException(String message) {
        super(message);
    }
}
