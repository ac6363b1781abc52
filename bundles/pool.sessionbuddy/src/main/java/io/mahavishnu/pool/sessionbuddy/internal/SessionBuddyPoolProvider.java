package io.mahavishnu.pool.sessionbuddy.internal;

import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.PoolContext;
import io.mahavishnu.api.pool.PoolProvider;
import io.mahavishnu.api.pool.ValidationException;
import io.mahavishnu.mcp.client.McpToolClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pool type {@code session-buddy}: pools whose workers run on a remote Session-Buddy at
 * {@code extra_config.session_buddy_url} (default from {@code etc/io.mahavishnu.pool.sessionbuddy.cfg}). On
 * deactivation it stops the pools it created that still run (closing their remote workers).
 */
@Component(service = PoolProvider.class, property = PoolProvider.POOL_TYPE + "=" + SessionBuddyPoolProvider.TYPE,
        configurationPid = SessionBuddyPoolProvider.PID)
@Designate(ocd = SessionBuddyPoolConfig.class)
public class SessionBuddyPoolProvider implements PoolProvider {

    /** Configuration PID. */
    static final String PID = "io.mahavishnu.pool.sessionbuddy";
    /** The pool type. */
    static final String TYPE = "session-buddy";

    private static final Logger LOG = LoggerFactory.getLogger(SessionBuddyPoolProvider.class);

    private final SessionBuddySettings settings;
    private final Function<String, SessionBuddyClient> clients;
    private final Set<SessionBuddyPool> pools = ConcurrentHashMap.newKeySet();

    /**
     * DS constructor.
     *
     * @throws ValidationException naming a bad setting
     */
    @Activate
    public SessionBuddyPoolProvider(@Reference McpToolClients mcp, SessionBuddyPoolConfig config) {
        this(settingsOf(config), url -> {
            SessionBuddySettings s = SessionBuddySettings.of(config);
            return new McpSessionBuddyClient(mcp.open(url, s.connectTimeout()), s.callTimeout(), s.taskMargin());
        });
    }

    SessionBuddyPoolProvider(SessionBuddySettings settings, Function<String, SessionBuddyClient> clients) {
        this.settings = settings;
        this.clients = clients;
    }

    private static SessionBuddySettings settingsOf(SessionBuddyPoolConfig config) {
        try {
            return SessionBuddySettings.of(config);
        } catch (ValidationException e) {
            LOG.error("Pool type session-buddy not available: invalid setting in etc/{}.cfg: {}", PID, e.getMessage());
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (SessionBuddyPool p : pools) {
            stops.add(p.stop().toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(settings.callTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Not every session-buddy pool stopped cleanly: {}", e.toString());
        }
        pools.clear();
    }

    @Override
    public BasePool create(PoolContext context) {
        String url = settings.urlOf(context.config());
        settings.sizeOf(context.config());
        SessionBuddyPool pool = new SessionBuddyPool(context, clients.apply(url), settings, pools::remove);
        pools.add(pool);
        return pool;
    }

    @Override
    public String description() {
        return "Workers on a remote Session-Buddy (extra_config.session_buddy_url, default " + settings.url()
                + "; extra_config.pool_size, default " + settings.poolSize() + ")";
    }
}
