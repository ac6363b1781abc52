package io.mahavishnu.mcp.internal;

import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.memory.MemoryAggregator;
import io.mahavishnu.api.pool.PoolProvider;
import io.mahavishnu.api.pool.ValidationException;
import io.mahavishnu.api.trace.CallTracer;
import io.mahavishnu.api.routing.RoutingStrategy;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.McpJsonMapperSupplier;
import io.modelcontextprotocol.json.schema.JsonSchemaValidatorSupplier;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.time.Duration;
import java.util.Hashtable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
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
 * The MCP server: the ten pool tools over Streamable HTTP (a servlet on the runtime's HTTP server, at the host,
 * port and path of {@code etc/io.mahavishnu.mcp.cfg}) and, when the runtime was started for it, over stdio. It also
 * registers the {@link AccessFilter} that guards every endpoint of that server with the token and origins set there.
 * A configuration change restarts the component. Pool types and routing strategies are tracked so the tools'
 * schemas follow what is deployed.
 */
@Component(configurationPid = McpComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {})
@Designate(ocd = McpConfig.class)
public class McpComponent {

    /** Configuration PID. */
    public static final String PID = "io.mahavishnu.mcp";

    private static final Logger LOG = LoggerFactory.getLogger(McpComponent.class);

    private final Map<Object, String> poolTypes = new ConcurrentHashMap<>();
    private final Map<Object, String> strategies = new ConcurrentHashMap<>();
    private final PoolManager manager;
    /** Quiet time after a pool type or strategy comes or goes before the tools are re-published. */
    static final long REFRESH_DELAY_MILLIS = 200;
    /** How often the default routing strategy (shown in pool_route_execute) is looked at. */
    static final long DEFAULT_CHECK_SECONDS = 5;
    private final java.util.concurrent.atomic.AtomicBoolean refreshPending =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledThreadPoolExecutor scheduler;
    private final ToolServer tools;
    private final McpSettings settings;
    private volatile MemoryAggregator memory;
    private volatile CallTracer tracer;
    private ServiceRegistration<Servlet> servlet;
    private ServiceRegistration<Filter> access;

    /**
     * DS constructor.
     *
     * @throws ValidationException naming the bad setting; the server does not start
     */
    @Activate
    public McpComponent(@Reference PoolManager manager, @Reference ConfigurationAdmin configAdmin,
                        @Reference McpJsonMapperSupplier json, @Reference JsonSchemaValidatorSupplier validator,
                        BundleContext context, McpConfig config) throws Exception {
        this.manager = manager;
        try {
            this.settings = McpSettings.of(config);
        } catch (ValidationException e) {
            LOG.error("MCP server not started: invalid setting in etc/{}.cfg: {}", PID, e.getMessage());
            throw e;
        }
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mahavishnu-mcp-timer");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        InFlightCalls inFlight = new InFlightCalls();
        PoolTools poolTools = new PoolTools(manager, () -> memory, settings::requestTimeout, scheduler);
        TaskTools taskTools = new TaskTools(manager, scheduler, () -> settings);
        ToolDispatcher dispatcher = new ToolDispatcher(poolTools, taskTools, this::deployed);
        McpJsonMapper mapper = json.get();
        this.tools = new ToolServer(mapper, validator.get(), dispatcher, this::deployed, inFlight,
                context.getBundle().getVersion().toString(), () -> tracer);
        try {
            // Registered even when MCP itself is not served: it guards every endpoint on the port.
            access = context.registerService(Filter.class, new AccessFilter(() -> settings), accessProperties());
            if (settings.enabled()) {
                serveHttp(context, configAdmin, inFlight, mapper);
            }
            if (context.getProperty(StdioEndpoint.ENABLED) != null) {
                serveStdioOnceStarted(context, mapper);
            }
            // The default routing strategy is part of pool_route_execute's description; it changes without a bundle
            // coming or going (routing:use, the dashboard, etc/), so it is looked at now and then.
            scheduler.scheduleWithFixedDelay(this::refresh, DEFAULT_CHECK_SECONDS, DEFAULT_CHECK_SECONDS,
                    TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("MCP server not started: {}", e.getMessage(), e);
            deactivate();
            throw e;
        }
    }

    private void serveHttp(BundleContext context, ConfigurationAdmin configAdmin, InFlightCalls inFlight,
                           McpJsonMapper mapper) throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider
                .builder()
                .jsonMapper(mapper)
                .mcpEndpoint(settings.path())
                .maxRequestSize(settings.maxRequestBytes())
                .contextExtractor(req -> {
                    Map<String, Object> values = new HashMap<>();
                    Object key = req.getAttribute(ToolServer.CALL_KEY);
                    if (key != null) {
                        values.put(ToolServer.CALL_KEY, key);
                    }
                    String traceparent = req.getHeader(ToolServer.TRACEPARENT);
                    if (traceparent != null) {
                        values.put(ToolServer.TRACEPARENT, traceparent); // the caller's trace, continued by the call
                    }
                    return values.isEmpty() ? McpTransportContext.EMPTY : McpTransportContext.create(values);
                })
                .build();
        tools.start(transport);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", settings.path());
        props.put("osgi.http.whiteboard.servlet.asyncSupported", Boolean.TRUE);
        props.put("osgi.http.whiteboard.servlet.name", "mahavishnu-mcp");
        servlet = context.registerService(Servlet.class,
                new McpServlet(new HttpGuard(() -> settings, inFlight), transport), props);
        if (JettyConfig.apply(configAdmin, context, settings.host(), settings.port())) {
            LOG.info("HTTP server moved to {}:{} for MCP", settings.host(), settings.port());
        }
        LOG.info("MCP server: {} tools at {}{}", ToolCatalog.tools(deployed()).size(), settings.url(),
                settings.tokenRequired() ? " (bearer token required)" : "");
    }

    /**
     * The stdio client (a desktop host) is answered once the framework has started every bundle, so the tools it
     * lists first are complete and it gets no list-changed notifications for the runtime's own start (the host's
     * {@code initialize} waits in the pipe meanwhile).
     */
    private void serveStdioOnceStarted(BundleContext context, McpJsonMapper mapper) {
        Runnable serve = () -> {
            try {
                tools.start(StdioEndpoint.transport(mapper, () -> stopFramework(context)));
            } catch (RuntimeException e) {
                LOG.error("MCP over stdio not started: {}", e.getMessage(), e);
            }
        };
        org.osgi.framework.Bundle system = context.getBundle(0);
        if (system.getState() == org.osgi.framework.Bundle.ACTIVE) {
            serve.run();
            return;
        }
        context.addFrameworkListener(new FrameworkListener() {
            @Override
            public void frameworkEvent(FrameworkEvent event) {
                if (event.getType() == FrameworkEvent.STARTED) {
                    context.removeFrameworkListener(this);
                    scheduler.execute(serve);
                }
            }
        });
    }

    private Hashtable<String, Object> accessProperties() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.filter.pattern", "/*");
        props.put("osgi.http.whiteboard.filter.name", "mahavishnu-access");
        props.put("osgi.http.whiteboard.filter.asyncSupported", Boolean.TRUE);
        props.put("service.ranking", 1000);
        props.put(AccessFilter.MARKER, Boolean.TRUE);
        props.put(AccessFilter.MARKER + ".token_required", settings.tokenRequired());
        return props;
    }

    @Deactivate
    void deactivate() {
        if (access != null) {
            try {
                access.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            access = null;
        }
        if (servlet != null) {
            try {
                servlet.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            servlet = null;
        }
        tools.close();
        scheduler.shutdownNow();
    }

    /** @return the pool types and strategies deployed now */
    ToolCatalog.Deployed deployed() {
        String def;
        try {
            def = manager.defaultStrategy();
        } catch (RuntimeException e) {
            def = "least_loaded";
        }
        return new ToolCatalog.Deployed(Set.copyOf(new TreeSet<>(poolTypes.values())),
                Set.copyOf(new TreeSet<>(strategies.values())), def);
    }

    private static void stopFramework(BundleContext context) {
        Thread t = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Could not stop the runtime after stdin closed: {}", e.getMessage());
            }
        }, "mahavishnu-mcp-stdio-stop");
        t.start();
    }

    // --- what is deployed: tools are re-published when it changes --------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, service = PoolProvider.class)
    void bindPoolProvider(org.osgi.framework.ServiceReference<PoolProvider> ref) {
        Object type = ref.getProperty(PoolProvider.POOL_TYPE);
        if (type != null) {
            poolTypes.put(ref, type.toString());
            refresh();
        }
    }

    void unbindPoolProvider(org.osgi.framework.ServiceReference<PoolProvider> ref) {
        if (poolTypes.remove(ref) != null) {
            refresh();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, service = RoutingStrategy.class)
    void bindRoutingStrategy(org.osgi.framework.ServiceReference<RoutingStrategy> ref) {
        Object name = ref.getProperty(RoutingStrategy.STRATEGY);
        if (name != null) {
            strategies.put(ref, name.toString());
            refresh();
        }
    }

    void unbindRoutingStrategy(org.osgi.framework.ServiceReference<RoutingStrategy> ref) {
        if (strategies.remove(ref) != null) {
            refresh();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCallTracer(CallTracer t) {
        tracer = t;
    }

    void unbindCallTracer(CallTracer t) {
        if (tracer == t) {
            tracer = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMemoryAggregator(MemoryAggregator aggregator) {
        this.memory = aggregator;
    }

    void unbindMemoryAggregator(MemoryAggregator aggregator) {
        if (this.memory == aggregator) {
            this.memory = null;
        }
    }

    /**
     * Bundles come and go in bursts (a start, a feature, a refresh): the tools are re-published once the burst is
     * over, not once per service.
     */
    private void refresh() {
        if (refreshPending.compareAndSet(false, true)) {
            try {
                scheduler.schedule(() -> {
                    refreshPending.set(false);
                    ToolServer t = tools;
                    if (t != null) {
                        t.refresh();
                    }
                }, REFRESH_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                refreshPending.set(false); // deactivated
            }
        }
    }

    /** @return the request timeout in force, for diagnostics */
    Duration requestTimeout() {
        return settings.requestTimeout();
    }
}
