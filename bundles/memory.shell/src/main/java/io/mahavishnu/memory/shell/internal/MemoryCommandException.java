package io.mahavishnu.memory.shell.internal;

/**
 * A memory command failed in a way the user can fix. The console prints an exception as {@code toString()}, so
 * this one renders as the single line {@code Error: <message>}; in one-shot mode the command exits non-zero.
 */
final class MemoryCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MemoryCommandException(String message) {
        super(message, null, false, false);
    }

    @Override
    public String toString() {
        return "Error: " + getMessage();
    }
}
