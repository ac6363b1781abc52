package io.mahavishnu.manager.internal;

import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Environment variables override configuration files: for every setting {@code some_key} of a Mahavishnu
 * configuration ({@code io.mahavishnu.*} PIDs, e.g. {@code etc/io.mahavishnu.manager.cfg}), a variable
 * {@code MAHAVISHNU_SOME_KEY} replaces the file's value before the component sees it. Values are validated by the
 * component like file values. Applied through ConfigurationAdmin, so it works for every bundle, also third-party
 * ones that use an {@code io.mahavishnu.} PID. Secrets are never logged.
 */
@Component(service = ConfigurationPlugin.class, property = {
        ConfigurationPlugin.CM_RANKING + ":Integer=100", "config.plugin.id=io.mahavishnu.env"})
public class EnvOverrides implements ConfigurationPlugin {

    /** Prefix of overriding environment variables. */
    public static final String PREFIX = "MAHAVISHNU_";

    private static final Logger LOG = LoggerFactory.getLogger(EnvOverrides.class);

    private final Supplier<Map<String, String>> env;

    /** Reads the process environment. */
    public EnvOverrides() {
        this(System::getenv);
    }

    EnvOverrides(Supplier<Map<String, String>> env) {
        this.env = env;
    }

    /** @param key a setting name @return the environment variable that overrides it */
    static String variable(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        Object pid = properties.get(org.osgi.framework.Constants.SERVICE_PID);
        Object factoryPid = properties.get(ConfigurationAdmin.SERVICE_FACTORYPID);
        String target = String.valueOf(factoryPid != null ? factoryPid : pid);
        if (!target.startsWith("io.mahavishnu.") || target.equals(ConfigAdminPoolStore.FACTORY_PID)) {
            return;
        }
        Map<String, String> vars = env.get();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (key.startsWith("service.") || key.startsWith("felix.") || key.startsWith("component.")) {
                continue;
            }
            String value = vars.get(variable(key));
            if (value != null) {
                properties.put(key, value);
                LOG.info("Setting {} of {} taken from environment variable {} (value {})", key, pid, variable(key),
                        isSecret(key) ? "hidden" : value);
            }
        }
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("key");
    }
}
