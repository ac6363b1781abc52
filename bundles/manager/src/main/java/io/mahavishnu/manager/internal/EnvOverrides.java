package io.mahavishnu.manager.internal;

import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Environment variables override configuration files, for every Mahavishnu configuration ({@code io.mahavishnu.*}
 * PIDs, e.g. {@code etc/io.mahavishnu.mcp.cfg}):
 * <ul>
 * <li>{@code MAHAVISHNU_<COMPONENT>_<SETTING>} — the PID without {@code io.mahavishnu.}, e.g.
 * {@code MAHAVISHNU_MCP_PORT=9000} or {@code MAHAVISHNU_POOL_LOCAL_QUEUE_SIZE=500};</li>
 * <li>{@code MAHAVISHNU_<SETTING>} for settings whose name has several words, e.g.
 * {@code MAHAVISHNU_POOL_ROUTING_STRATEGY=round_robin} (the original's names); the qualified form wins.</li>
 * </ul>
 * Every setting a component declares (its MetaType description) can be overridden, also one that is commented out
 * or missing in the file. Values are validated by the component like file values. Secrets are never logged.
 */
@Component(service = ConfigurationPlugin.class, property = {
        ConfigurationPlugin.CM_RANKING + ":Integer=100", "config.plugin.id=io.mahavishnu.env"})
public class EnvOverrides implements ConfigurationPlugin {

    /** Prefix of overriding environment variables. */
    public static final String PREFIX = "MAHAVISHNU_";
    private static final String PID_PREFIX = "io.mahavishnu.";

    private static final Logger LOG = LoggerFactory.getLogger(EnvOverrides.class);

    private final Supplier<Map<String, String>> env;
    private final Function<String, Set<String>> declaredKeys;
    private volatile MetaTypeService metaType;

    /** @param context used to find the settings components declare */
    @Activate
    public EnvOverrides(BundleContext context) {
        this.env = System::getenv;
        this.declaredKeys = pid -> declared(context, pid);
    }

    EnvOverrides(Supplier<Map<String, String>> env, Function<String, Set<String>> declaredKeys) {
        this.env = env;
        this.declaredKeys = declaredKeys;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindMetaType(MetaTypeService service) {
        this.metaType = service;
    }

    void unbindMetaType(MetaTypeService service) {
        if (this.metaType == service) {
            this.metaType = null;
        }
    }

    /** @return the qualified variable of a setting of a PID, e.g. {@code MAHAVISHNU_MCP_PORT} */
    static String qualified(String pid, String key) {
        String component = pid.startsWith(PID_PREFIX) ? pid.substring(PID_PREFIX.length()) : pid;
        return PREFIX + upper(component) + "_" + upper(key);
    }

    /** @return the short variable of a multi-word setting, e.g. {@code MAHAVISHNU_POOL_ROUTING_STRATEGY}; else null */
    static String shortForm(String key) {
        return key.indexOf('_') > 0 ? PREFIX + upper(key) : null;
    }

    /** @return the variable that sets a setting now, or null if none does */
    static String overriding(Map<String, String> vars, String pid, String key) {
        String q = qualified(pid, key);
        if (vars.containsKey(q)) {
            return q;
        }
        String s = shortForm(key);
        return s != null && vars.containsKey(s) ? s : null;
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        Object pid = properties.get(org.osgi.framework.Constants.SERVICE_PID);
        Object factoryPid = properties.get(ConfigurationAdmin.SERVICE_FACTORYPID);
        String target = String.valueOf(factoryPid != null ? factoryPid : pid);
        if (!target.startsWith(PID_PREFIX) || target.equals(ConfigAdminPoolStore.FACTORY_PID)) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>(declaredKeys.apply(target));
        for (Enumeration<String> e = properties.keys(); e.hasMoreElements();) {
            String key = e.nextElement();
            if (!key.startsWith("service.") && !key.startsWith("felix.") && !key.startsWith("component.")) {
                keys.add(key);
            }
        }
        Map<String, String> vars = env.get();
        for (String key : keys) {
            String variable = overriding(vars, target, key);
            if (variable != null) {
                String value = vars.get(variable);
                properties.put(key, value);
                LOG.info("Setting {} of {} taken from environment variable {} (value {})", key, target, variable,
                        isSecret(key) ? "hidden" : value);
            }
        }
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("key");
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** @return the attribute ids of the MetaType description of a PID, from whichever bundle declares it */
    private Set<String> declared(BundleContext context, String pid) {
        MetaTypeService mts = metaType;
        Set<String> ids = new LinkedHashSet<>();
        if (mts == null) {
            return ids;
        }
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation info;
            try {
                info = mts.getMetaTypeInformation(b);
            } catch (RuntimeException e) {
                continue;
            }
            if (info == null || !(contains(info.getPids(), pid) || contains(info.getFactoryPids(), pid))) {
                continue;
            }
            ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
            AttributeDefinition[] ads = ocd == null ? null : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
            if (ads != null) {
                for (AttributeDefinition ad : ads) {
                    ids.add(ad.getID());
                }
            }
        }
        return ids;
    }

    private static boolean contains(String[] values, String value) {
        if (values != null) {
            for (String v : values) {
                if (v.equals(value)) {
                    return true;
                }
            }
        }
        return false;
    }
}
