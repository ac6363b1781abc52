package io.mahavishnu.tracing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mahavishnu.api.manager.PoolEvent;
import io.mahavishnu.api.pool.ValidationException;
import io.mahavishnu.api.trace.CallSpan;
import io.mahavishnu.api.trace.CallTracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Call spans and task spans against an in-memory exporter. */
class TaskSpansTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String PARENT = "00-" + TRACE + "-b7ad6b7169203331-01";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final OtelCallTracer calls = new OtelCallTracer(provider.get("test"), () -> "rt-a");
    private final TaskSpans tasks = new TaskSpans(provider.get("test"), () -> "rt-a");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aCallSpanContinuesTheCallersTraceAndGivesItsOwnContext() {
        CallSpan span = calls.start("tools/call pool_route_execute", CallTracer.Kind.SERVER, PARENT,
                Map.of("gen_ai.tool.name", "pool_route_execute"));
        assertThat(span.traceparent()).startsWith("00-" + TRACE + "-").endsWith("-01")
                .doesNotContain("b7ad6b7169203331");
        span.fail("boom");
        span.end();
        span.end();
        SpanData d = single();
        assertThat(d.getTraceId()).isEqualTo(TRACE);
        assertThat(d.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(d.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(d.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(d.getAttributes().asMap()).hasSize(2);
    }

    @Test
    void aMalformedParentStartsANewTrace() {
        CallSpan span = calls.start("x", CallTracer.Kind.INTERNAL, "not-a-traceparent", null);
        span.end();
        assertThat(single().getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void aRoutedTaskGivesRoutePoolAndWorkerSpansWithTheEventsTimes() {
        Instant assigned = Instant.parse("2026-01-01T10:00:00Z");
        Instant done = assigned.plusSeconds(3);
        Map<String, Object> a = new HashMap<>(Map.of("priority", 4, "strategy", "least_loaded", "reason",
                "least_loaded", "attempts", 1, "traceparent", PARENT));
        tasks.onEvent(new PoolEvent(1, PoolEvent.TASK_ASSIGNED, "mahavishnu_p1", "t-1", assigned, a));
        tasks.onEvent(new PoolEvent(2, PoolEvent.TASK_COMPLETED, "mahavishnu_p1", "t-1", done,
                Map.of("status", "completed", "duration", 2.5, "worker_id", "w-1")));

        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName).containsExactly("worker.run", "pool.execute",
                "route least_loaded");
        SpanData worker = spans.get(0);
        SpanData pool = spans.get(1);
        SpanData route = spans.get(2);
        assertThat(spans).allMatch(s -> s.getTraceId().equals(TRACE));
        assertThat(route.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(pool.getParentSpanId()).isEqualTo(route.getSpanId());
        assertThat(worker.getParentSpanId()).isEqualTo(pool.getSpanId());
        assertThat(route.getAttributes().asMap().toString()).contains("mahavishnu.routing.reason=least_loaded");
        assertThat(pool.getStartEpochNanos()).isEqualTo(nanos(assigned));
        assertThat(pool.getEndEpochNanos()).isEqualTo(nanos(done));
        assertThat(worker.getStartEpochNanos()).isEqualTo(nanos(done) - 2_500_000_000L);
        assertThat(worker.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(tasks.openCount()).isZero();
    }

    @Test
    void aTaskOnAnotherRuntimeHasOnlyItsRouteSpanHere() {
        tasks.onEvent(new PoolEvent(1, PoolEvent.TASK_ASSIGNED, "mahavishnu_p1", "t-1", Instant.now(),
                Map.of("strategy", "least_loaded", "reason", "least_loaded", "attempts", 1, "runtime_id", "rt-b")));
        tasks.onEvent(new PoolEvent(2, PoolEvent.TASK_COMPLETED, "mahavishnu_p1", "t-1", Instant.now(),
                Map.of("status", "failed", "error", "runtime rt-b was lost", "duration", 0.0)));
        SpanData route = single();
        assertThat(route.getAttributes().asMap().toString()).contains("mahavishnu.pool.runtime.id=rt-b");
        assertThat(route.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(route.getStatus().getDescription()).contains("lost");
    }

    @Test
    void settingsAreValidatedNamingTheKey() {
        assertThatThrownBy(() -> TracingSettings.of(config("otlp", "ftp://x", "2"))).isInstanceOf(
                ValidationException.class).hasMessageContaining("otlp_endpoint");
        assertThatThrownBy(() -> TracingSettings.of(config("zipkin", "http://x/v1/traces", "1")))
                .hasMessageContaining("exporter");
        assertThatThrownBy(() -> TracingSettings.of(config("none", "http://x/v1/traces", "1.5")))
                .hasMessageContaining("sampling_ratio");
        assertThat(TracingSettings.of(config("OTLP", "http://127.0.0.1:4318/v1/traces", "0.25")).otlp()).isTrue();
    }

    private SpanData single() {
        assertThat(exporter.getFinishedSpanItems()).hasSize(1);
        return exporter.getFinishedSpanItems().get(0);
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static TracingConfig config(String exporter, String endpoint, String ratio) {
        return new TracingConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return TracingConfig.class;
            }

            @Override
            public String exporter() {
                return exporter;
            }

            @Override
            public String otlp__endpoint() {
                return endpoint;
            }

            @Override
            public String otlp__headers() {
                return "";
            }

            @Override
            public int otlp__timeout__seconds() {
                return 10;
            }

            @Override
            public String sampling__ratio() {
                return ratio;
            }

            @Override
            public String service__name() {
                return "mahavishnu";
            }
        };
    }
}
