package io.mahavishnu.pool.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the local pool type (PID {@code io.mahavishnu.pool.local}, file
 * {@code etc/io.mahavishnu.pool.local.cfg}).
 *
 * <p>Method names use a double underscore because Declarative Services maps a single {@code _} to {@code .};
 * {@code claude__command()} is the property {@code claude_command}, the name operators write in the file.
 */
@ObjectClassDefinition(name = "Mahavishnu local pool",
        description = "Workers of pool type mahavishnu: the AI command lines they run, the commands process "
                + "workers may run, output and queue bounds.")
@interface LocalPoolConfig {

    @AttributeDefinition(name = "Claude command",
            description = "Executable run by terminal-claude workers: a name looked up on PATH or an absolute path.")
    String claude__command() default "claude";

    @AttributeDefinition(name = "Claude arguments",
            description = "Arguments for the Claude command, separated by whitespace (no quoting, never a shell). "
                    + "A {prompt} token is replaced by the prompt as one argument; without it the prompt is written "
                    + "to the command's standard input.")
    String claude__args() default "-p --output-format stream-json --verbose --permission-mode acceptEdits";

    @AttributeDefinition(name = "Qwen command",
            description = "Executable run by terminal-qwen workers: a name looked up on PATH or an absolute path.")
    String qwen__command() default "qwen";

    @AttributeDefinition(name = "Qwen arguments",
            description = "Arguments for the Qwen command, separated by whitespace (no quoting, never a shell). "
                    + "A {prompt} token is replaced by the prompt as one argument; without it the prompt is written "
                    + "to the command's standard input.")
    String qwen__args() default "-o stream-json --approval-mode yolo";

    @AttributeDefinition(name = "Command allowlist",
            description = "Executables that workers of type process may run, separated by commas or whitespace: "
                    + "names looked up on PATH or absolute paths. Empty: no command may run.")
    String command__allowlist() default "";

    @AttributeDefinition(name = "Output cap (bytes)",
            description = "Output kept per task; the rest is read and dropped and the result is flagged as "
                    + "truncated. 1024..67108864.")
    int max__output__bytes() default 1048576;

    @AttributeDefinition(name = "Kill grace (milliseconds)",
            description = "When a task times out or is cancelled its processes get SIGTERM, then SIGKILL after "
                    + "this long. 0..60000.")
    int kill__grace__millis() default 2000;

    @AttributeDefinition(name = "Queue size",
            description = "Tasks a pool keeps waiting when all its workers are busy; more are rejected with "
                    + "queue_full. 0 = no waiting. 0..1000000.")
    int queue__size() default 10000;

    @AttributeDefinition(name = "Aging interval (milliseconds)",
            description = "A waiting task gains one priority level per interval, so low priorities cannot "
                    + "starve. 1..3600000.")
    long aging__interval__millis() default 1000;

    @AttributeDefinition(name = "Memory items retained",
            description = "Task memory items each pool keeps for collection (the newest ones). 0..100000.")
    int memory__items__retained() default 1000;
}
