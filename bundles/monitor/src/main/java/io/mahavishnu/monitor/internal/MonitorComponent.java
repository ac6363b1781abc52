package io.mahavishnu.monitor.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.bus.Subscription;
import io.mahavishnu.api.manager.PoolEventListener;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.pool.ValidationException;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live monitoring on the runtime's HTTP server: {@code /metrics} (Prometheus), {@code /events} (server-sent events)
 * and {@code /dashboard}. It serves only while the server's access filter is registered (by the MCP component, from
 * the host, token and origins of {@code etc/io.mahavishnu.mcp.cfg}), so these endpoints never run unguarded. A
 * configuration change restarts the component; stream clients then reconnect.
 */
@Component(configurationPid = MonitorComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = MonitorConfig.class)
public class MonitorComponent {

    /** Configuration PID. */
    public static final String PID = "io.mahavishnu.monitor";
    /** Target of the access filter this component relies on. */
    static final String ACCESS_FILTER = "(mahavishnu.http.access=true)";

    private static final Logger LOG = LoggerFactory.getLogger(MonitorComponent.class);

    private final MonitorSettings settings;
    private final EventHub hub;
    private final ScheduledThreadPoolExecutor writer;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private volatile MessageBus bus;
    /** Guarded by {@code this}. */
    private Subscription busSubscription;

    /**
     * DS constructor.
     *
     * @throws ValidationException naming the bad setting; nothing is served
     */
    @Activate
    public MonitorComponent(@Reference PoolManager manager,
                            @Reference(service = Filter.class, target = ACCESS_FILTER) Map<String, Object> access,
                            BundleContext context, MonitorConfig config) {
        try {
            this.settings = MonitorSettings.of(config);
        } catch (ValidationException e) {
            LOG.error("Monitoring not started: invalid setting in etc/{}.cfg: {}", PID, e.getMessage());
            throw e;
        }
        ObjectMapper mapper = new ObjectMapper();
        LatencyHistograms latency = new LatencyHistograms(settings.latencyBuckets());
        this.hub = new EventHub(mapper, settings.eventHistory(), latency::accept);
        this.writer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mahavishnu-monitor-stream");
            t.setDaemon(true);
            return t;
        });
        writer.setRemoveOnCancelPolicy(true);
        if (!settings.enabled()) {
            LOG.info("Monitoring endpoints disabled (enabled = false in etc/{}.cfg)", PID);
            return;
        }
        boolean tokenRequired = Boolean.TRUE.equals(access.get("mahavishnu.http.access.token_required"));
        JsonResponses json = new JsonResponses(mapper);
        registrations.add(context.registerService(PoolEventListener.class, hub, new Hashtable<>()));
        register(context, "mahavishnu-metrics", new MetricsServlet(new MetricsCollector(manager, () -> bus, latency,
                hub), ExpositionFormats.init()), false, settings.metricsPath());
        register(context, "mahavishnu-events", new EventsServlet(hub, settings, writer, json), true,
                settings.eventsPath());
        register(context, "mahavishnu-dashboard", new DashboardServlet(manager, hub, settings, json,
                () -> tokenRequired), false, settings.dashboardPath(), settings.dashboardPath() + "/*");
        writer.scheduleWithFixedDelay(hub::heartbeat, settings.heartbeatSeconds(), settings.heartbeatSeconds(),
                TimeUnit.SECONDS);
        LOG.info("Monitoring: metrics at {}, events at {}, dashboard at {}{}", settings.metricsPath(),
                settings.eventsPath(), settings.dashboardPath(), tokenRequired ? " (bearer token required)" : "");
    }

    private void register(BundleContext context, String name, Servlet servlet, boolean async, String... patterns) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", patterns);
        props.put("osgi.http.whiteboard.servlet.name", name);
        props.put("osgi.http.whiteboard.servlet.asyncSupported", async);
        registrations.add(context.registerService(Servlet.class, servlet, props));
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        unsubscribeBus();
        hub.closeAll();
        writer.shutdownNow();
    }

    /** Called by DS after the constructor (dynamic reference), and again when the bus is replaced. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMessageBus(MessageBus messageBus) {
        this.bus = messageBus;
        // A replacement bus is bound before the old one is unbound: move the subscription now.
        unsubscribeBus();
        subscribeBus();
    }

    void unbindMessageBus(MessageBus messageBus) {
        if (this.bus == messageBus) {
            this.bus = null;
            unsubscribeBus();
        }
    }

    private synchronized void subscribeBus() {
        MessageBus b = bus;
        if (b == null || busSubscription != null || !settings.enabled() || !settings.busMessages()) {
            return;
        }
        busSubscription = b.subscribe(EnumSet.allOf(MessageType.class), hub::onMessage);
    }

    private synchronized void unsubscribeBus() {
        if (busSubscription != null) {
            try {
                busSubscription.close();
            } catch (RuntimeException e) {
                LOG.debug("Bus subscription already closed: {}", e.toString());
            }
            busSubscription = null;
        }
    }
}
