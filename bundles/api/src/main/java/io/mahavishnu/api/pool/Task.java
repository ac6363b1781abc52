package io.mahavishnu.api.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One unit of work. Immutable and validated; build one with {@link #builder()} or {@link #ofPrompt(String)}.
 *
 * @param id          unique id, generated when not given; used in results, events and logs
 * @param prompt      the prompt for AI workers (may be empty; never passed through a shell)
 * @param command     argv of a command for command-running workers (may be empty; never joined into a shell
 *                    string)
 * @param timeout     how long the task may run, counted from its start; default 300 s, 1 s .. 24 h
 * @param priority    0–9, higher runs first when a pool queues; default {@value #DEFAULT_PRIORITY}
 * @param deadline    latest start time; a task not started by then is not run ({@code null} = none)
 * @param idempotent  whether the task may safely run twice (only such tasks are ever retried)
 * @param attributes  extension attributes, e.g. {@code repo}, {@code caller_kind}, {@code traceparent}
 */
public record Task(String id, String prompt, List<String> command, Duration timeout, int priority,
                   Instant deadline, boolean idempotent, Map<String, String> attributes) {

    /** Default timeout of the original (300 s). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
    /** Longest accepted timeout. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    /** Default priority. */
    public static final int DEFAULT_PRIORITY = 4;
    /** Attribute: repository the AI worker works in (the original's {@code repo}). */
    public static final String ATTR_REPO = "repo";
    /**
     * Attribute: who sends the task — {@code ultracode}, {@code claude_code}, {@code workflow}, {@code cli} or
     * {@code unknown} (anything else counts as unknown). Request quotas are kept per caller kind.
     */
    public static final String ATTR_CALLER_KIND = "caller_kind";
    /**
     * Attribute: W3C trace context ({@code 00-<trace id>-<parent span id>-<flags>}) of the call that sent the task;
     * the task's spans, on this runtime or another one it is delegated to, continue that trace.
     */
    public static final String ATTR_TRACEPARENT = "traceparent";

    /** Validates and normalises; see the class description. */
    public Task {
        if (id == null || id.isBlank()) {
            id = newId();
        } else if (id.length() > 128) {
            throw new ValidationException("task_id", id, "must be at most 128 characters");
        }
        prompt = prompt == null ? "" : prompt;
        command = command == null ? List.of() : List.copyOf(command);
        if (timeout == null) {
            timeout = DEFAULT_TIMEOUT;
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new ValidationException("timeout", timeout.toSeconds(), "must be between 1 and "
                    + MAX_TIMEOUT.toSeconds() + " seconds");
        }
        if (priority < 0 || priority > 9) {
            throw new ValidationException("priority", priority, "must be between 0 and 9");
        }
        attributes = attributes == null || attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /**
     * @return a new random task id ({@code t-} + 16 hex digits). Ids identify tasks; they are not secrets, so a
     *         fast non-blocking random source serves (a secure one would contend on every task).
     */
    public static String newId() {
        String hex = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        return "t-0000000000000000".substring(0, 18 - hex.length()) + hex;
    }

    /** @param prompt the prompt @return a task with defaults and this prompt */
    public static Task ofPrompt(String prompt) {
        return builder().prompt(prompt).build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this task (with the same id) */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.prompt = prompt;
        b.command.addAll(command);
        b.timeout = timeout;
        b.priority = priority;
        b.deadline = deadline;
        b.idempotent = idempotent;
        b.attributes.putAll(attributes);
        return b;
    }

    /** Builder for {@link Task}. */
    public static final class Builder {
        private String id;
        private String prompt = "";
        private final List<String> command = new ArrayList<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int priority = DEFAULT_PRIORITY;
        private Instant deadline;
        private boolean idempotent;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param v id @return this */
        public Builder id(String v) { id = v; return this; }
        /** @param v prompt @return this */
        public Builder prompt(String v) { prompt = v; return this; }
        /** @param argv command argv @return this */
        public Builder command(List<String> argv) { command.clear(); command.addAll(argv); return this; }
        /** @param argv command argv @return this */
        public Builder command(String... argv) { return command(List.of(argv)); }
        /** @param v timeout @return this */
        public Builder timeout(Duration v) { timeout = v; return this; }
        /** @param seconds timeout in seconds @return this */
        public Builder timeoutSeconds(long seconds) { timeout = Duration.ofSeconds(seconds); return this; }
        /** @param v priority 0-9 @return this */
        public Builder priority(int v) { priority = v; return this; }
        /** @param v deadline @return this */
        public Builder deadline(Instant v) { deadline = v; return this; }
        /** @param v idempotent @return this */
        public Builder idempotent(boolean v) { idempotent = v; return this; }
        /** @param key name @param value value @return this */
        public Builder attribute(String key, String value) { attributes.put(key, value); return this; }

        /** @return the validated task @throws ValidationException on a bad value */
        public Task build() {
            return new Task(id, prompt, command, timeout, priority, deadline, idempotent, attributes);
        }
    }
}
