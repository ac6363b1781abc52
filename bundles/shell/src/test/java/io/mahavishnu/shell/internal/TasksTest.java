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

    @Test
    void aCommandsSpanIsTheParentOfItsTasksAndRecordsTheirOutcome() {
        java.util.Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        java.util.List<String> events = new java.util.ArrayList<>();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        io.mahavishnu.api.trace.CallTracer tracer = (name, kind, parent, attrs) -> {
            events.add("start " + name + " " + kind + " " + parent);
            attributes.putAll(attrs);
            return new io.mahavishnu.api.trace.CallSpan() {
                @Override
                public String traceparent() {
                    return traceparent;
                }

                @Override
                public void attribute(String key, Object value) {
                    attributes.put(key, value);
                }

                @Override
                public void fail(String error) {
                    events.add("fail " + error);
                }

                @Override
                public void end() {
                    events.add("end");
                }
            };
        };
        io.mahavishnu.api.trace.CallSpan span = Tasks.span(tracer, "pool:execute", "p1");
        Task t = Tasks.traced(Tasks.build(Specs.EXECUTE.parse(List.of("p1", "-p", "hi")), "hi"), span);
        assertThat(t.attributes()).containsEntry(Task.ATTR_TRACEPARENT, traceparent);
        Tasks.record(span, io.mahavishnu.api.pool.TaskResult.unsuccessful(t, "p1",
                io.mahavishnu.api.pool.TaskStatus.FAILED, "boom", java.time.Duration.ZERO));
        assertThat(events).containsExactly("start pool:execute SERVER null", "fail boom");
        assertThat(attributes).containsEntry("mahavishnu.shell.command", "pool:execute")
                .containsEntry("mahavishnu.pool.id", "p1").containsEntry("mahavishnu.task.status", "failed")
                .containsEntry("mahavishnu.task.id", t.id());

        // Without the tracing add-on the task goes without trace context
        Task untraced = Tasks.traced(Tasks.build(Specs.ROUTE.parse(List.of("-p", "hi")), "hi"),
                Tasks.span(null, "pool:route", null));
        assertThat(untraced.attributes()).doesNotContainKey(Task.ATTR_TRACEPARENT);
    }
}
