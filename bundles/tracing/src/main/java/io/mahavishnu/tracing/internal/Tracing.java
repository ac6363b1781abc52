package io.mahavishnu.tracing.internal;

import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.manager.PoolEvent;
import io.mahavishnu.api.manager.PoolEventListener;
import io.mahavishnu.api.pool.ValidationException;
import io.mahavishnu.api.trace.CallSpan;
import io.mahavishnu.api.trace.CallTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracing with OpenTelemetry: a {@link CallTracer} for where work enters or leaves the runtime (MCP calls, the
 * federation's hand-over to another runtime) and a {@link PoolEventListener} that turns task events into route, pool
 * and worker spans ({@link TaskSpans}). Trace context always flows (W3C traceparent in tasks and bus messages);
 * spans are exported over OTLP/HTTP only when {@code exporter = otlp}, sampled parent-based at
 * {@code sampling_ratio}. A configuration change restarts the component with a new pipeline; spans still buffered
 * are flushed first.
 */
@Component(service = {CallTracer.class, PoolEventListener.class}, configurationPid = Tracing.PID, immediate = true)
@Designate(ocd = TracingConfig.class)
public class Tracing implements CallTracer, PoolEventListener {

    /** Configuration PID. */
    public static final String PID = "io.mahavishnu.tracing";

    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
    private static final String SCOPE = "io.mahavishnu";

    private final SpanListeners listeners = new SpanListeners();
    private final SdkTracerProvider provider;
    private final OtelCallTracer calls;
    private final TaskSpans tasks;
    private volatile MessageBus bus;

    /**
     * DS constructor.
     *
     * @param config settings
     * @throws ValidationException naming the bad setting; tracing does not start
     */
    @Activate
    public Tracing(TracingConfig config) {
        this(TracingSettings.of(config));
    }

    Tracing(TracingSettings settings) {
        SdkTracerProviderBuilder b = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), settings.serviceName(),
                        AttributeKey.stringKey("host.name"), hostName()))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.samplingRatio())))
                .addSpanProcessor(SimpleSpanProcessor.create(listeners));
        if (settings.otlp()) {
            b.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                    .setEndpoint(settings.endpoint())
                    .setTimeout(settings.timeout())
                    .setHeaders(settings::headers)
                    .setComponentLoader(new SenderLoader())
                    .build()).build());
        }
        provider = b.build();
        calls = new OtelCallTracer(provider.get(SCOPE), this::runtimeId);
        tasks = new TaskSpans(provider.get(SCOPE), this::runtimeId);
        LOG.info("Tracing: {}", settings);
    }

    @Deactivate
    void deactivate() {
        provider.forceFlush().join(5, TimeUnit.SECONDS);
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMessageBus(MessageBus b) {
        bus = b;
    }

    void unbindMessageBus(MessageBus b) {
        if (bus == b) {
            bus = null;
        }
    }

    @Reference(service = Consumer.class, target = "(" + SpanListeners.PROPERTY + "=true)",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSpanListener(Consumer<Map<String, Object>> listener) {
        listeners.add(listener);
    }

    void unbindSpanListener(Consumer<Map<String, Object>> listener) {
        listeners.remove(listener);
    }

    @Override
    public CallSpan start(String name, Kind kind, String parent, Map<String, Object> attributes) {
        return calls.start(name, kind, parent, attributes);
    }

    @Override
    public void onEvent(PoolEvent event) {
        tasks.onEvent(event);
    }

    /** @return this runtime's id on a shared bus, recorded on every span so a trace shows where each part ran */
    private String runtimeId() {
        MessageBus b = bus;
        return b == null ? null : b.runtimeId().orElse(null);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /**
     * Gives the OTLP exporter the JDK HTTP sender directly: in OSGi the exporter's own service lookup sees only its
     * bundle, not the sender's, so it would find no sender.
     */
    private static final class SenderLoader implements ComponentLoader {
        @Override
        @SuppressWarnings("unchecked")
        public <T> Iterable<T> load(Class<T> type) {
            if (type == HttpSenderProvider.class) {
                return (Iterable<T>) List.of(new JdkHttpSenderProvider());
            }
            return ServiceLoader.load(type, SenderLoader.class.getClassLoader());
        }
    }
}
