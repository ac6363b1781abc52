package io.mahavishnu.shell.internal;

import io.mahavishnu.api.manager.PoolManagerException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A command failed in a way the user can fix. The console prints an exception as {@code toString()}, so this one
 * renders as the single line {@code Error: <message>}: no class name, no stack trace. In one-shot mode it makes
 * the command's exit status non-zero.
 */
public final class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, with the bad value and what is valid */
    public CommandException(String message) {
        super(message, null, false, false);
    }

    /** @return {@code Error: <message>} on one line: control characters of quoted values are escaped */
    @Override
    public String toString() {
        return "Error: " + oneLine(getMessage());
    }

    /**
     * @param text any text, may be null
     * @return the text with line breaks and tabs written as {@code \n}, {@code \r}, {@code \t} and other control
     *         characters as Java-style hex escapes
     */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * Turns what a command or the pool manager threw into a one-line error. Messages of the API's exceptions are
     * written to be shown as they are.
     *
     * @param t a failure, possibly wrapped by a future
     * @return the error to show, or null if {@code t} is not a user error (a bug to log with its stack trace)
     */
    static CommandException userError(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof CommandException ce) {
            return ce;
        }
        // Before IllegalStateException, which it extends.
        if (cause instanceof CancellationException) {
            return new CommandException("cancelled");
        }
        if (cause instanceof PoolManagerException || cause instanceof IllegalArgumentException
                || cause instanceof UnsupportedOperationException || cause instanceof IllegalStateException) {
            String msg = cause.getMessage();
            return new CommandException(msg == null || msg.isBlank() ? describe(cause) : msg);
        }
        return null;
    }

    /** @param t a failure @return the failure inside future wrappers */
    static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** @param t a failure @return {@code message} or, without one, the exception's simple class name */
    static String describe(Throwable t) {
        String msg = t.getMessage();
        if (t instanceof UnsupportedOperationException) {
            return msg == null || msg.isBlank() ? "not supported by this pool type" : "not supported: " + msg;
        }
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }
}
