package io.mahavishnu.federation.internal;

import io.mahavishnu.api.bus.BusRejectedException;
import io.mahavishnu.api.bus.Message;
import io.mahavishnu.api.bus.MessageBus;
import io.mahavishnu.api.bus.MessageType;
import io.mahavishnu.api.bus.Subscription;
import io.mahavishnu.api.manager.PoolInfo;
import io.mahavishnu.api.manager.PoolManager;
import io.mahavishnu.api.trace.CallTracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This runtime in the federation under one runtime id, from the moment the bus runs on a shared transport until it
 * stops (or the transport, and so the id, changes). Each session is a new incarnation: other runtimes tell a
 * restart from a late heartbeat by it, and drop what they had delegated to the previous one.
 *
 * <p>Threads: heartbeats are sent and silent runtimes expired on the scheduler ({@link #tick}); heartbeats of others
 * arrive on a bus thread; delegated tasks and replies are read from this runtime's queue {@code runtime_<id>} by one
 * inbox thread, which only hands work over and never blocks on a task.
 */
final class Session implements Delegations.Node, DelegatedRuns.Identity {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final String runtimeId;
    private final String incarnation = UUID.randomUUID().toString();
    private final MessageBus bus;
    private final Supplier<PoolManager> manager;
    private final Supplier<FederationSettings> settings;
    private final RemoteTable table;
    private final Delegations delegations;
    private final DelegatedRuns runs;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread inbox;
    private volatile Subscription heartbeats;
    /** Whether the last heartbeat could not be sent; logged once per outage. */
    private volatile boolean silent;

    Session(String runtimeId, MessageBus bus, Supplier<PoolManager> manager, ScheduledExecutorService scheduler,
            Supplier<FederationSettings> settings, Supplier<CallTracer> tracer) {
        this.runtimeId = runtimeId;
        this.bus = bus;
        this.manager = manager;
        this.settings = settings;
        this.table = new RemoteTable(runtimeId, System::nanoTime, this::runtimeLost);
        this.delegations = new Delegations(this, table, scheduler, settings, tracer, bus::publish);
        this.runs = new DelegatedRuns(manager, this, scheduler, settings, tracer, bus::publish);
        this.inbox = new Thread(this::receive, "mahavishnu-federation-inbox");
        inbox.setDaemon(true);
    }

    @Override
    public String runtimeId() {
        return runtimeId;
    }

    @Override
    public String incarnation() {
        return incarnation;
    }

    @Override
    public String queue() {
        return Protocol.queueOf(runtimeId);
    }

    RemoteTable table() {
        return table;
    }

    Delegations delegations() {
        return delegations;
    }

    DelegatedRuns runs() {
        return runs;
    }

    void start() {
        heartbeats = bus.subscribe(Set.of(MessageType.HEARTBEAT), this::onHeartbeat);
        inbox.start();
        tick();
        LOG.info("Pool federation started as runtime {} (queue {})", runtimeId, queue());
    }

    /** Announces this runtime's pools and drops runtimes that went silent. */
    void tick() {
        announce(Protocol.RUNNING);
        table.expire(settings.get().runtimeTimeout().toNanos());
    }

    /** Says goodbye (others drop this runtime at once instead of after the timeout) and stops. */
    void close(String reason) {
        stopped.countDown();
        Subscription s = heartbeats;
        if (s != null) {
            s.close();
        }
        announce(Protocol.LEAVING);
        inbox.interrupt();
        delegations.closeAll(reason);
        table.clear();
    }

    private void announce(String state) {
        List<Protocol.Pool> pools = new ArrayList<>();
        if (Protocol.RUNNING.equals(state)) {
            for (PoolInfo p : manager.get().list()) {
                if (!p.remote()) {
                    pools.add(Protocol.Pool.of(p));
                }
            }
        }
        Protocol.Heartbeat hb = new Protocol.Heartbeat(Protocol.VERSION, runtimeId, incarnation, state,
                settings.get().heartbeatInterval().toMillis(), System.currentTimeMillis(), pools);
        try {
            bus.publish(Message.of(MessageType.HEARTBEAT, queue(), null, Protocol.toPayload(hb)));
            if (silent) {
                silent = false;
                LOG.info("Heartbeats of runtime {} go out again", runtimeId);
            }
        } catch (BusRejectedException e) {
            if (!silent) {
                silent = true;
                LOG.warn("Runtime {} cannot send its heartbeat; other runtimes will drop it after "
                        + "runtime_timeout_seconds: {}", runtimeId, e.getMessage());
            }
        }
    }

    private void onHeartbeat(Message m) {
        Protocol.Heartbeat hb = read(m, Protocol.Heartbeat.class);
        if (hb == null) {
            return;
        }
        if (runtimeId.equals(hb.runtimeId())) {
            if (!incarnation.equals(hb.incarnation()) && Protocol.RUNNING.equals(hb.state())) {
                LOG.error("Another runtime announces itself with this runtime's id {}; give each runtime its own "
                        + "(redis_runtime_id, or separate installation folders)", runtimeId);
            }
            return;
        }
        table.heartbeat(hb);
    }

    private void runtimeLost(String id, String lostIncarnation, String reason) {
        delegations.runtimeLost(id, lostIncarnation, reason);
    }

    /** The inbox loop: one message at a time from this runtime's queue, handed to the caller or owner side. */
    private void receive() {
        while (stopped.getCount() > 0) {
            try {
                Optional<Message> first = bus.receive(queue(), Duration.ofSeconds(1));
                if (first.isEmpty()) {
                    continue;
                }
                List<Message> batch = new ArrayList<>();
                batch.add(first.get());
                batch.addAll(bus.receiveBatch(queue(), 63, Duration.ZERO));
                batch.forEach(this::dispatch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Runtime {} could not read its queue {}: {}", runtimeId, queue(), e.getMessage());
                try {
                    stopped.await(1, TimeUnit.SECONDS); // the bus is failing: retry, but not in a tight loop
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void dispatch(Message m) {
        try {
            if (m.type() == MessageType.TASK_DELEGATE) {
                Protocol.Delegate d = read(m, Protocol.Delegate.class);
                if (d != null) {
                    runs.onDelegate(d);
                }
            } else if (m.type() == MessageType.RESULT_SHARE) {
                Protocol.Reply r = read(m, Protocol.Reply.class);
                if (r != null && Protocol.ACCEPTED.equals(r.action())) {
                    delegations.accepted(r);
                } else if (r != null) {
                    delegations.result(r);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Runtime {} could not handle {} message {}: {}", runtimeId, m.type().wireName(), m.id(),
                    e.toString());
        }
    }

    private static <T> T read(Message m, Class<T> type) {
        try {
            return Protocol.fromPayload(m.payload(), type);
        } catch (IllegalArgumentException e) {
            LOG.warn("Unreadable federation {} message {}: {}", m.type().wireName(), m.id(), e.getMessage());
            return null;
        }
    }
}
