package io.mahavishnu.manager.internal;

import io.mahavishnu.api.pool.PoolConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists pool specs as ConfigAdmin factory configurations ({@value #FACTORY_PID}{@code ~<pool id>}), so
 * spawned pools survive a restart (ConfigAdmin writes them to disk synchronously, which also covers kill -9).
 */
final class ConfigAdminPoolStore implements PoolStore {

    static final String FACTORY_PID = "io.mahavishnu.pool";
    static final String EXTRA_PREFIX = "extra_config.";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigAdminPoolStore.class);

    private final ConfigurationAdmin configAdmin;

    ConfigAdminPoolStore(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    @Override
    public void save(Entry e) {
        try {
            Configuration c = configAdmin.getFactoryConfiguration(FACTORY_PID, e.poolId(), "?");
            c.update(toProperties(e));
        } catch (IOException ex) {
            throw new UncheckedIOException("Could not persist pool " + e.poolId() + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void delete(String poolId) {
        try {
            Configuration[] found = configAdmin.listConfigurations(
                    "(&(service.factoryPid=" + FACTORY_PID + ")(pool_id=" + escape(poolId) + "))");
            if (found != null) {
                for (Configuration c : found) {
                    c.delete();
                }
            }
        } catch (IOException | InvalidSyntaxException ex) {
            throw new IllegalStateException("Could not delete persisted pool " + poolId + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public List<Entry> loadAll() {
        Configuration[] found;
        try {
            found = configAdmin.listConfigurations("(service.factoryPid=" + FACTORY_PID + ")");
        } catch (IOException | InvalidSyntaxException ex) {
            throw new IllegalStateException("Could not read persisted pools: " + ex.getMessage(), ex);
        }
        if (found == null) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (Configuration c : found) {
            Dictionary<String, Object> props = c.getProperties();
            if (props == null) {
                continue;
            }
            try {
                out.add(fromProperties(props));
            } catch (RuntimeException ex) {
                LOG.error("Ignoring persisted pool configuration {}: {}", c.getPid(), ex.getMessage());
            }
        }
        out.sort(Comparator.comparingLong(Entry::seq));
        return Collections.unmodifiableList(out);
    }

    static Dictionary<String, Object> toProperties(Entry e) {
        PoolConfig cfg = e.config();
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("pool_id", e.poolId());
        p.put("spawn_seq", e.seq());
        p.put("pool_type", cfg.poolType());
        p.put("name", cfg.name());
        p.put("min_workers", cfg.minWorkers());
        p.put("max_workers", cfg.maxWorkers());
        p.put("worker_type", cfg.workerType());
        p.put("auto_scale", cfg.autoScale());
        p.put("memory_enabled", cfg.memoryEnabled());
        p.put("workers", e.workers());
        cfg.extraConfig().forEach((k, v) -> p.put(EXTRA_PREFIX + k, v));
        return p;
    }

    static Entry fromProperties(Dictionary<String, Object> p) {
        Map<String, String> extra = new LinkedHashMap<>();
        for (Enumeration<String> keys = p.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (k.startsWith(EXTRA_PREFIX)) {
                extra.put(k.substring(EXTRA_PREFIX.length()), String.valueOf(p.get(k)));
            }
        }
        PoolConfig cfg = new PoolConfig(str(p, "name"), str(p, "pool_type"), num(p, "min_workers"),
                num(p, "max_workers"), str(p, "worker_type"), bool(p, "auto_scale"), bool(p, "memory_enabled"),
                extra);
        Object seq = p.get("spawn_seq");
        Object workers = p.get("workers");
        return new Entry(str(p, "pool_id"), seq == null ? 0L : Long.parseLong(seq.toString()), cfg,
                workers == null ? -1 : Integer.parseInt(workers.toString()));
    }

    private static String str(Dictionary<String, Object> p, String key) {
        Object v = p.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing property " + key);
        }
        return v.toString();
    }

    private static int num(Dictionary<String, Object> p, String key) {
        return Integer.parseInt(str(p, key));
    }

    private static boolean bool(Dictionary<String, Object> p, String key) {
        return Boolean.parseBoolean(str(p, key));
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }
}
