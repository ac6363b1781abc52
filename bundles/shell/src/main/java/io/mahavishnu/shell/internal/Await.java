package io.mahavishnu.shell.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Waits for the pool manager's futures on the command's thread. Ctrl-C in the console interrupts that thread; the
 * work behind the future is then cancelled rather than left running unseen.
 */
final class Await {

    private Await() {
    }

    /**
     * @param stage    the operation
     * @param onCancel what cancels the work when the wait is interrupted (e.g. cancel the task)
     * @param <T>      result type
     * @return its result
     * @throws InterruptedException if interrupted (after {@code onCancel} ran)
     * @throws CommandException     if the operation failed with a user error (other failures are rethrown)
     */
    static <T> T result(CompletionStage<T> stage, Runnable onCancel) throws InterruptedException {
        CompletableFuture<T> future = stage.toCompletableFuture();
        try {
            return future.get();
        } catch (InterruptedException e) {
            onCancel.run();
            throw e;
        } catch (ExecutionException e) {
            CommandException user = CommandException.userError(e);
            if (user != null) {
                throw user;
            }
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** @see #result(CompletionStage, Runnable) without a cancel action (e.g. spawn, close: they finish anyway) */
    static <T> T result(CompletionStage<T> stage) throws InterruptedException {
        return result(stage, () -> { });
    }
}
