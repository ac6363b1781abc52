package io.mahavishnu.pool.local.internal;

import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskStatus;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs tasks for one worker type. Stateless and shared by every slot of every pool of that type. */
interface Runner {

    /**
     * Starts a task without blocking.
     *
     * @param task     the task
     * @param workerId the slot running it
     * @param settings the settings now
     * @return the running task
     */
    Execution start(Task task, String workerId, LocalPoolSettings settings);

    /**
     * Checked when a pool starts.
     *
     * @param settings the settings now
     * @return null if tasks can run, else what is missing and how to fix it
     */
    default String preflight(LocalPoolSettings settings) {
        return null;
    }

    /** A task in progress. */
    interface Execution {

        /** @return completes when the work and its processes are gone; never exceptionally */
        CompletableFuture<Outcome> completion();

        /** Stops the work (kills the process tree); the completion follows once it is gone. Idempotent. */
        void kill();

        /** @param outcome a result known at once @return an execution that is already over */
        static Execution done(Outcome outcome) {
            CompletableFuture<Outcome> f = CompletableFuture.completedFuture(outcome);
            return new Execution() {
                @Override
                public CompletableFuture<Outcome> completion() {
                    return f;
                }

                @Override
                public void kill() {
                    // nothing is running
                }
            };
        }

        /** @param completion the outcome to come @param kill how to stop it @return the execution */
        static Execution of(CompletableFuture<Outcome> completion, Runnable kill) {
            return new Execution() {
                @Override
                public CompletableFuture<Outcome> completion() {
                    return completion;
                }

                @Override
                public void kill() {
                    kill.run();
                }
            };
        }
    }

    /**
     * What a task produced; the pool turns it into a {@code TaskResult} (a timeout or cancellation overrides the
     * status and error).
     *
     * @param status    completed or failed
     * @param output    output, may be null
     * @param error     error text, may be null
     * @param truncated whether output was cut at the cap
     * @param exitCode  exit code of the process, null without one
     * @param metadata  worker-type facts
     */
    record Outcome(TaskStatus status, String output, String error, boolean truncated, Integer exitCode,
                   Map<String, Object> metadata) {

        /** @param error what went wrong @return a failed outcome without output */
        static Outcome failed(String error) {
            return new Outcome(TaskStatus.FAILED, null, error, false, null, Map.of());
        }
    }
}
