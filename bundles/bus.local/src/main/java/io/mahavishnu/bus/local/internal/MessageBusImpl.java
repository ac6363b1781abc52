package io.mahavishnu.bus.local.internal;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.BusStats;
import io.mahavishnu.api.bus.BusTransport;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageHandler;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.bus.Subscription;
import io.mahavishnu.api.pool.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MessageBus} service: publish/subscribe plus per-pool queues over a pluggable {@link BusTransport}.
 * The transports and the switch between them live in {@link Transports}; subscriptions and handler threads
 * in {@link Dispatcher}; this class validates input, counts, and wires them to OSGi.
 *
 * <p>Receiving waits for the first message up to the timeout, then takes whatever else is already queued
 * (up to {@code max}) without waiting further; a zero timeout never waits.
 */
// Immediate: local queues live in memory, and a delayed component would be disposed (with them) whenever
// its last user went away.
@Component(service = MessageBus.class, configurationPid = MessageBusImpl.PID, immediate = true)
@Designate(ocd = BusConfig.class)
public class MessageBusImpl implements MessageBus {

    /** Configuration PID of the bus. */
    public static final String PID = "io.mahavishnu.bus";

    private static final Logger LOG = LoggerFactory.getLogger(MessageBusImpl.class);

    /** Longest single wait on a transport, so a receiver follows a transport switch within this time. */
    private static final long HANDOVER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** How long handlers may finish their waiting messages when the bus stops. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final BusCounters counters = new BusCounters();
    private final Dispatcher dispatcher;
    private final Transports transports;
    /** Current settings; replaced as a whole on modification, read without locking. */
    private volatile BusSettings settings;

    /**
     * DS constructor.
     *
     * @param config settings
     */
    @Activate
    public MessageBusImpl(BusConfig config) {
        this(BusSettings.of(config));
    }

    MessageBusImpl(BusSettings settings) {
        this.settings = settings;
        this.dispatcher = new Dispatcher(settings.handlerThreads(), () -> this.settings.subscriberBuffer(), counters);
        this.transports = new Transports(settings.transport(), settings.maxQueueSize(), dispatcher::dispatch,
                counters);
    }

    @Modified
    void modified(BusConfig config) {
        apply(BusSettings.of(config));
    }

    /** Applies validated settings: handler threads at once, a new transport or queue bound by a switch. */
    void apply(BusSettings next) {
        this.settings = next;
        dispatcher.resize(next.handlerThreads());
        transports.configure(next.transport(), next.maxQueueSize());
    }

    @Deactivate
    void deactivate() {
        transports.stop();
        dispatcher.shutdown(SHUTDOWN_GRACE);
    }

    // --- transports --------------------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindBusTransport",
            updated = "updatedBusTransport")
    void bindBusTransport(BusTransport transport, Map<String, Object> props) {
        String name = nameOf(props);
        if (name != null) {
            transports.add(name, transport);
        }
    }

    void unbindBusTransport(BusTransport transport, Map<String, Object> props) {
        transports.remove(transport);
    }

    void updatedBusTransport(BusTransport transport, Map<String, Object> props) {
        String name = nameOf(props);
        if (name == null) {
            transports.remove(transport);
        } else {
            transports.rename(name, transport);
        }
    }

    private static String nameOf(Map<String, Object> props) {
        Object name = props.get(BusTransport.TRANSPORT);
        if (name == null || name.toString().isBlank()) {
            LOG.error("Ignoring a BusTransport service without the '{}' property (service.id={})",
                    BusTransport.TRANSPORT, props.get("service.id"));
            return null;
        }
        return name.toString().trim();
    }

    // --- MessageBus --------------------------------------------------------------------------------------

    @Override
    public void publish(Message message) {
        if (message == null) {
            throw new ValidationException("message", null, "is required");
        }
        try {
            transports.send(message);
        } catch (BusRejectedException e) {
            counters.rejected.increment();
            LOG.debug("Rejected {} message {}: {}", message.type().wireName(), message.id(), e.getMessage());
            throw e;
        }
        counters.published.increment();
    }

    @Override
    public Subscription subscribe(Set<MessageType> types, MessageHandler handler) {
        return dispatcher.subscribe(types, handler);
    }

    @Override
    public Optional<Message> receive(String poolId, Duration timeout) throws InterruptedException {
        List<Message> taken = take(requirePoolId(poolId), 1, requireTimeout(timeout));
        return taken.isEmpty() ? Optional.empty() : Optional.of(taken.get(0));
    }

    @Override
    public List<Message> receiveBatch(String poolId, int max, Duration timeout) throws InterruptedException {
        String id = requirePoolId(poolId);
        if (max < 1) {
            throw new ValidationException("max", max, "must be at least 1");
        }
        return take(id, max, requireTimeout(timeout));
    }

    /**
     * Polls the transport in use without holding the bus lock, in slices of at most {@link #HANDOVER_NANOS}
     * so that after a switch the wait continues on the new transport, where the queued messages went.
     */
    private List<Message> take(String poolId, int max, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Waits.nanos(timeout);
        while (true) {
            Transports.Active a = transports.current();
            long left = Math.max(0, deadline - System.nanoTime());
            long wait = Math.min(left, HANDOVER_NANOS);
            long started = System.nanoTime();
            List<Message> taken = poll(a, poolId, max, wait);
            if (!taken.isEmpty() || wait == left) {
                return taken;
            }
            // The same transport answered early with nothing: do not spin on it.
            if (transports.isActive(a) && System.nanoTime() - started < wait) {
                return taken;
            }
        }
    }

    private List<Message> poll(Transports.Active a, String poolId, int max, long waitNanos)
            throws InterruptedException {
        try {
            List<Message> taken = a.transport().poll(poolId, max, Duration.ofNanos(waitNanos));
            return taken == null ? List.of() : taken;
        } catch (RuntimeException e) {
            if (!transports.isActive(a)) {
                return List.of(); // switched while polling; the caller retries on the new transport
            }
            throw new BusRejectedException("Bus transport " + a.name() + " failed to read the queue of pool "
                    + poolId + ": " + e.getMessage(), e);
        }
    }

    /** @return 0 when no transport is active (there are no queues then) */
    @Override
    public int queueSize(String poolId) {
        String id = requirePoolId(poolId);
        return transports.applyOrElse(t -> t.size(id), 0);
    }

    @Override
    public int clearQueue(String poolId) {
        String id = requirePoolId(poolId);
        return transports.apply(t -> t.clear(id, false));
    }

    @Override
    public int removeQueue(String poolId) {
        String id = requirePoolId(poolId);
        return transports.apply(t -> t.clear(id, true));
    }

    @Override
    public BusStats stats() {
        Map.Entry<String, Map<String, Integer>> queues = transports.queueSizes();
        return new BusStats(queues.getKey(), queues.getValue().size(), queues.getValue(),
                dispatcher.subscriberCounts(), settings.maxQueueSize(), counters.published.sum(),
                counters.delivered.sum(), counters.rejected.sum(), counters.handlerErrors.sum(),
                counters.overflowed.sum(), counters.lost.sum());
    }

    @Override
    public Optional<String> runtimeId() {
        String id = transports.applyOrElse(t -> {
            try {
                return t.runtimeId();
            } catch (RuntimeException e) {
                return null; // a transport that cannot name this runtime is treated as unshared
            }
        }, null);
        return id == null || id.isBlank() ? Optional.empty() : Optional.of(id);
    }

    // --- validation --------------------------------------------------------------------------------------

    private static String requirePoolId(String poolId) {
        if (poolId == null || poolId.isBlank()) {
            throw new ValidationException("pool_id", poolId, "must be a non-blank pool id");
        }
        return poolId;
    }

    private static Duration requireTimeout(Duration timeout) {
        if (timeout == null) {
            throw new ValidationException("timeout", null, "is required (zero means do not wait)");
        }
        if (timeout.isNegative()) {
            throw new ValidationException("timeout", timeout, "must be zero or positive");
        }
        return timeout;
    }
}
