package io.mahavishnu.mcp.internal;

import io.mahavishnu.api.manager.PoolManagerException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns failures into the error text a tool returns. */
final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    static Throwable root(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * @param tool the tool that failed
     * @param t    the failure
     * @return its message for the caller; unexpected failures are logged with their stack trace
     */
    static String message(String tool, Throwable t) {
        Throwable e = root(t);
        if (e instanceof IllegalArgumentException || e instanceof PoolManagerException) {
            return text(e);
        }
        LOG.warn("{} failed unexpectedly", tool, e);
        return tool + " failed: " + text(e);
    }

    private static String text(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
