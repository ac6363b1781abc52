package io.mahavishnu.manager.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs {@value #READY} once the framework has started every boot bundle. {@code bin/mahavishnu start} waits for
 * this line in {@code data/log/mahavishnu.log}.
 */
@Component(immediate = true, service = {})
public class ReadyAnnouncer implements FrameworkListener {

    /** The line the launcher waits for. */
    public static final String READY = "Mahavishnu is ready";

    private static final Logger LOG = LoggerFactory.getLogger(ReadyAnnouncer.class);

    private final BundleContext context;

    /** @param context used to listen for the framework's start */
    @Activate
    public ReadyAnnouncer(BundleContext context) {
        this.context = context;
        context.addFrameworkListener(this);
        if (context.getBundle(0).getState() == Bundle.ACTIVE) {
            LOG.info(READY);
        }
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTED) {
            LOG.info(READY);
        }
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(this);
    }
}
