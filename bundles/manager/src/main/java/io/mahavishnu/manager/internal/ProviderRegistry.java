package io.mahavishnu.manager.internal;

import io.mahavishnu.api.pool.PoolProvider;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deployed pool types by name. The first provider of a type wins; a second one is logged and ignored. */
final class ProviderRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    private final Map<String, PoolProvider> providers = new ConcurrentHashMap<>();

    static String typeOf(Map<String, Object> props) {
        Object type = props.get(PoolProvider.POOL_TYPE);
        if (type == null || type.toString().isBlank()) {
            LOG.error("Ignoring a PoolProvider service without the '{}' property (service.id={})",
                    PoolProvider.POOL_TYPE, props.get("service.id"));
            return null;
        }
        return type.toString().trim();
    }

    /** @return true if the provider now serves the type */
    boolean add(String type, PoolProvider provider) {
        PoolProvider previous = providers.putIfAbsent(type, provider);
        if (previous != null && previous != provider) {
            LOG.error("Pool type '{}' is already provided by {}; ignoring {}", type, previous.getClass().getName(),
                    provider.getClass().getName());
            return false;
        }
        return true;
    }

    /** @return true if the provider served the type and is gone now */
    boolean remove(String type, PoolProvider provider) {
        return providers.remove(type, provider);
    }

    PoolProvider get(String type) {
        return providers.get(type);
    }

    Set<String> types() {
        return new TreeSet<>(providers.keySet());
    }
}
