package io.mahavishnu.manager.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a setting changed at runtime (e.g. {@code routing:use}) back to the manager's configuration, so it
 * survives a restart, and to {@code etc/io.mahavishnu.manager.cfg} when the configuration came from there. A
 * setting held by an environment variable is not written: the variable would win again at the next start, and the
 * operator is told.
 */
class SettingsWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsWriter.class);
    /** Where the folder watcher records the file a configuration came from (a file: URI). */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private final ConfigurationAdmin configAdmin;
    private final Supplier<Map<String, String>> env;

    SettingsWriter(ConfigurationAdmin configAdmin, Supplier<Map<String, String>> env) {
        this.configAdmin = configAdmin;
        this.env = env;
    }

    /** @return true if written, false if an environment variable holds the setting */
    boolean write(String key, Object value) {
        String variable = EnvOverrides.overriding(env.get(), PoolManagerImpl.PID, key);
        if (variable != null) {
            LOG.warn("{} changed to {} until the next restart: environment variable {} sets it at start", key, value,
                    variable);
            return false;
        }
        if (configAdmin == null) {
            return false;
        }
        try {
            Configuration c = configAdmin.getConfiguration(PoolManagerImpl.PID, "?");
            Dictionary<String, Object> props = c.getProperties();
            if (props == null) {
                props = new Hashtable<>();
            }
            props.put(key, value);
            c.update(props);
            Object file = props.get(FILEINSTALL_FILENAME);
            if (file == null) {
                LOG.info("{} set to {} (saved in the manager's configuration)", key, value);
            } else {
                saveInFile(String.valueOf(file), key, value);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("{} changed to {} but could not be saved; it applies until the next restart: {}", key, value,
                    e.getMessage());
            return false;
        }
    }

    /**
     * The configuration came from an {@code etc/} file: the file gets the new value too, or the folder watcher would
     * put the file's value back at the next start. (The watcher's own write-back is off: it rewrites files in place,
     * and a scan that reads one half written applies — and saves — an empty configuration.)
     */
    private static void saveInFile(String fileUri, String key, Object value) {
        try {
            Path path = Path.of(URI.create(fileUri));
            CfgFile.set(path, key, String.valueOf(value));
            LOG.info("{} set to {} (saved in {})", key, value, path);
        } catch (IOException | RuntimeException e) {
            LOG.error("{} changed to {} but {} could not be updated; its value applies again at the next restart: {}",
                    key, value, fileUri, e.toString());
        }
    }
}
