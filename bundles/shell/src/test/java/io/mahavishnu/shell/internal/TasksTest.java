package io.mahavishnu.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.pool.Task;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TasksTest {

    @Test
    void priorityAndDeadlineOptionsReachTheTask() {
        Instant before = Instant.now();
        Task t = Tasks.build(Specs.EXECUTE.parse(List.of("p1", "-p", "hi", "--priority", "9", "--deadline", "30")),
                "hi");
        assertThat(t.priority()).isEqualTo(9);
        assertThat(t.deadline()).isBetween(before.plusSeconds(30), Instant.now().plusSeconds(30));
        assertThat(t.attributes()).containsEntry(Task.ATTR_CALLER_KIND, "cli");
    }

    @Test
    void withoutThemTheTaskHasTheDefaultPriorityAndNoDeadline() {
        for (CommandSpec spec : List.of(Specs.EXECUTE, Specs.ROUTE, Specs.BATCH)) {
            List<String> line = spec == Specs.ROUTE ? List.of("-p", "hi") : List.of("p1", "-p", "hi");
            if (spec == Specs.BATCH) {
                line = List.of("p1", "hi");
            }
            Task t = Tasks.build(spec.parse(line), "hi");
            assertThat(t.priority()).as(spec.fullName()).isEqualTo(Task.DEFAULT_PRIORITY);
            assertThat(t.deadline()).as(spec.fullName()).isNull();
        }
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> Tasks.build(Specs.EXECUTE.parse(List.of("p1", "-p", "x", "--priority", "12")), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority").hasMessageContaining("12");
        assertThatThrownBy(() -> Tasks.build(Specs.EXECUTE.parse(List.of("p1", "-p", "x", "--priority", "high")), "x"))
                .isInstanceOf(CommandException.class)
                .hasMessage("option --priority must be a whole number (got: 'high')");
        assertThatThrownBy(() -> Tasks.build(Specs.ROUTE.parse(List.of("-p", "x", "--deadline", "0")), "x"))
                .isInstanceOf(CommandException.class)
                .hasMessage("option --deadline must be between 1 and 86400 seconds (got: 0)");
    }
}
