package io.mahavishnu.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mahavishnu.api.manager.PoolManagerException;
import io.mahavishnu.api.pool.Task;
import io.mahavishnu.api.pool.TaskResult;
import io.mahavishnu.api.pool.TaskStatus;
import io.mahavishnu.api.pool.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CommandExceptionTest {

    @Test
    void theConsoleShowsOneLineWithoutClassNames() {
        assertThat(new CommandException("bad").toString()).isEqualTo("Error: bad");
        assertThat(new CommandException("bad").getStackTrace()).isEmpty();
    }

    @Test
    void controlCharactersOfAQuotedValueDoNotBreakTheLine() {
        assertThat(new CommandException("name must not be blank (got: '\n\t \r\u0000\u007f')").toString())
                .isEqualTo("Error: name must not be blank (got: '\\n\\t \\r\\u0000\\u007f')");
        assertThat(CommandException.oneLine("名前 ünï")).isEqualTo("名前 ünï");
    }

    @Test
    void apiErrorsAreShownAsTheyAreEvenInsideFutures() {
        PoolManagerException notFound = PoolManagerException.poolNotFound("p1");
        assertThat(CommandException.userError(new CompletionException(notFound)))
                .hasMessage("Pool not found: p1 (list pools to see the ids)");
        assertThat(CommandException.userError(new ExecutionException(new ValidationException("max_workers", 5000,
                "must be between 1 and 1000")))).hasMessage("max_workers must be between 1 and 1000 (got: 5000)");
        assertThat(CommandException.userError(new CancellationException())).hasMessage("cancelled");
        assertThat(CommandException.userError(new UnsupportedOperationException()))
                .hasMessage("not supported by this pool type");
        assertThat(CommandException.userError(new NullPointerException("x"))).isNull();
    }

    @Test
    void aTaskThatDidNotCompleteIsPrintedThenFailsTheCommand() {
        Task task = Task.builder().id("t-1").prompt("p").build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TaskResult timedOut = TaskResult.unsuccessful(task, "pool_1", TaskStatus.TIMEOUT, "ran for 300 s",
                Duration.ofSeconds(300));
        try {
            Tasks.print(out, timedOut);
            throw new AssertionError("should fail");
        } catch (CommandException e) {
            assertThat(e).hasMessage("task t-1 timeout: ran for 300 s");
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("Task t-1 timeout\n"
                + "  Pool:      pool_1\n  Worker:    -\n  Status:    timeout\n  Duration:  5m 00s\n"
                + "  Error:     ran for 300 s\n");
    }
}
