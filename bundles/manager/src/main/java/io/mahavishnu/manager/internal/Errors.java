package io.mahavishnu.manager.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Unwraps the wrappers of asynchronous failures to the exception that says what went wrong. */
final class Errors {

    private Errors() {
    }

    static Throwable root(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static String message(Throwable t) {
        Throwable e = root(t);
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static RuntimeException unchecked(Throwable t) {
        Throwable e = root(t);
        return e instanceof RuntimeException re ? re : new CompletionException(e);
    }
}
