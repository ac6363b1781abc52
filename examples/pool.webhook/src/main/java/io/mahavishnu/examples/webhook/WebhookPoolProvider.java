package io.mahavishnu.examples.webhook;

import io.mahavishnu.api.pool.BasePool;
import io.mahavishnu.api.pool.PoolContext;
import io.mahavishnu.api.pool.PoolProvider;
import org.osgi.service.component.annotations.Component;

/**
 * Pool type {@value #TYPE}: each task is POSTed as JSON to the URL in the pool's {@code extra_config.url}; the
 * response body is the task's output. Spawn one with
 * {@code pool_spawn {"pool_type": "webhook", "extra_config": {"url": "http://127.0.0.1:9000/hook"}}}.
 */
@Component(service = PoolProvider.class, property = PoolProvider.POOL_TYPE + "=" + WebhookPoolProvider.TYPE)
public class WebhookPoolProvider implements PoolProvider {

    /** The pool type name. */
    public static final String TYPE = "webhook";

    @Override
    public BasePool create(PoolContext context) {
        WebhookSettings settings = WebhookSettings.from(context.config()); // a bad option fails the spawn here
        return new WebhookPool(context, settings);
    }

    @Override
    public String description() {
        return "POSTs each task as JSON to extra_config.url; the response body is the output";
    }
}
