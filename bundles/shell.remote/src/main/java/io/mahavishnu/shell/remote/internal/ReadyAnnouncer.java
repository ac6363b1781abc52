package io.mahavishnu.shell.remote.internal;

import io.mahavishnu.api.manager.PoolManager;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs {@code Mahavishnu is ready} once the pool manager runs and the attach console listens (or is disabled):
 * from then on {@code bin/mahavishnu shell ...} works. {@code bin/mahavishnu start} waits for this line.
 */
@Component(service = {}, immediate = true)
public class ReadyAnnouncer {

    /** The line {@code bin/mahavishnu start} waits for. */
    static final String READY = "Mahavishnu is ready";

    private static final Logger LOG = LoggerFactory.getLogger(ReadyAnnouncer.class);

    /**
     * @param manager  the pool manager (its presence is what matters)
     * @param endpoint the attach console
     */
    @Activate
    public ReadyAnnouncer(@Reference PoolManager manager, @Reference AttachEndpoint endpoint) {
        LOG.info("{}: {} pool(s), pool types {}, {}", READY, manager.list().size(), manager.poolTypes(),
                endpoint.describe());
    }
}
