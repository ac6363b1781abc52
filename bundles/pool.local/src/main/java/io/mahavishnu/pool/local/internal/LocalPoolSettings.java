package io.mahavishnu.pool.local.internal;

import io.mahavishnu.api.pool.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Validated settings of the local pool type; built from {@link LocalPoolConfig} or, in tests, from
 * {@link #DEFAULTS} and the {@code with…} methods.
 *
 * @param claudeCommand       executable of terminal-claude workers
 * @param claudeArgs          its arguments ({@value #PROMPT_TOKEN} = the prompt)
 * @param qwenCommand         executable of terminal-qwen workers
 * @param qwenArgs            its arguments
 * @param allowlist           what process workers may run
 * @param maxOutputBytes      output kept per task
 * @param killGrace           SIGTERM → SIGKILL delay
 * @param queueSize           waiting tasks per pool
 * @param agingInterval       time a waiting task needs to gain one priority level
 * @param memoryItemsRetained memory items kept per pool
 */
record LocalPoolSettings(String claudeCommand, List<String> claudeArgs, String qwenCommand, List<String> qwenArgs,
                         CommandAllowlist allowlist, int maxOutputBytes, Duration killGrace, int queueSize,
                         Duration agingInterval, int memoryItemsRetained) {

    /** Argument replaced by the prompt. */
    static final String PROMPT_TOKEN = "{prompt}";

    static final LocalPoolSettings DEFAULTS = new LocalPoolSettings("claude",
            args("-p --output-format stream-json --verbose --permission-mode acceptEdits"), "qwen",
            args("-o stream-json --approval-mode yolo"), CommandAllowlist.parse(""), 1048576,
            Duration.ofMillis(2000), 10000, Duration.ofMillis(1000), 1000);

    LocalPoolSettings {
        command("claude_command", claudeCommand);
        command("qwen_command", qwenCommand);
        claudeArgs = List.copyOf(claudeArgs);
        qwenArgs = List.copyOf(qwenArgs);
        ValidationException.requireBetween("max_output_bytes", maxOutputBytes, 1024, 67108864);
        ValidationException.requireBetween("kill_grace_millis", killGrace.toMillis(), 0, 60000);
        ValidationException.requireBetween("queue_size", queueSize, 0, 1000000);
        ValidationException.requireBetween("aging_interval_millis", agingInterval.toMillis(), 1, 3600000);
        ValidationException.requireBetween("memory_items_retained", memoryItemsRetained, 0, 100000);
    }

    /** @return settings from the component configuration @throws ValidationException naming a bad key */
    static LocalPoolSettings of(LocalPoolConfig c) {
        return new LocalPoolSettings(trim(c.claude__command()), args(c.claude__args()), trim(c.qwen__command()),
                args(c.qwen__args()), CommandAllowlist.parse(c.command__allowlist()), c.max__output__bytes(),
                Duration.ofMillis(c.kill__grace__millis()), c.queue__size(),
                Duration.ofMillis(c.aging__interval__millis()), c.memory__items__retained());
    }

    LocalPoolSettings withClaude(String command, String arguments) {
        return new LocalPoolSettings(command, args(arguments), qwenCommand, qwenArgs, allowlist, maxOutputBytes,
                killGrace, queueSize, agingInterval, memoryItemsRetained);
    }

    LocalPoolSettings withAllowlist(String entries) {
        return new LocalPoolSettings(claudeCommand, claudeArgs, qwenCommand, qwenArgs, CommandAllowlist.parse(entries),
                maxOutputBytes, killGrace, queueSize, agingInterval, memoryItemsRetained);
    }

    LocalPoolSettings withMaxOutputBytes(int bytes) {
        return new LocalPoolSettings(claudeCommand, claudeArgs, qwenCommand, qwenArgs, allowlist, bytes, killGrace,
                queueSize, agingInterval, memoryItemsRetained);
    }

    LocalPoolSettings withKillGrace(Duration grace) {
        return new LocalPoolSettings(claudeCommand, claudeArgs, qwenCommand, qwenArgs, allowlist, maxOutputBytes,
                grace, queueSize, agingInterval, memoryItemsRetained);
    }

    LocalPoolSettings withQueueSize(int size) {
        return new LocalPoolSettings(claudeCommand, claudeArgs, qwenCommand, qwenArgs, allowlist, maxOutputBytes,
                killGrace, size, agingInterval, memoryItemsRetained);
    }

    LocalPoolSettings withAgingInterval(Duration interval) {
        return new LocalPoolSettings(claudeCommand, claudeArgs, qwenCommand, qwenArgs, allowlist, maxOutputBytes,
                killGrace, queueSize, interval, memoryItemsRetained);
    }

    LocalPoolSettings withMemoryItemsRetained(int items) {
        return new LocalPoolSettings(claudeCommand, claudeArgs, qwenCommand, qwenArgs, allowlist, maxOutputBytes,
                killGrace, queueSize, agingInterval, items);
    }

    /** @return the arguments, split on whitespace (no quoting) */
    static List<String> args(String raw) {
        String t = raw == null ? "" : raw.trim();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static void command(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(key, value, "must name an executable (its arguments have their own setting)");
        }
        if (!Executables.isName(value) && !Path.of(value).isAbsolute()) {
            throw new ValidationException(key, value, "must be a name looked up on PATH or an absolute path");
        }
    }
}
