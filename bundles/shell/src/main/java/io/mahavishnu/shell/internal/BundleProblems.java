package io.mahavishnu.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.ExecutionEnvironmentNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;

/**
 * Why a bundle is not active, from the framework's own view: for an unresolved bundle, each requirement no
 * installed bundle provides ({@link FrameworkWiring#findProviders}), e.g. {@code missing package org.foo
 * [1.0.0,2.0.0)}.
 */
final class BundleProblems {

    // Bounds as bnd and the OSGi spec write them: low (version>=1.0), high (!(version>=2.0)), and the reverse forms.
    private static final Pattern LOW_CLOSED = Pattern.compile("(?<!!)\\((?:bundle-)?version>=([^)]+)\\)");
    private static final Pattern LOW_OPEN = Pattern.compile("!\\((?:bundle-)?version<=([^)]+)\\)");
    private static final Pattern HIGH_OPEN = Pattern.compile("!\\((?:bundle-)?version>=([^)]+)\\)");
    private static final Pattern HIGH_CLOSED = Pattern.compile("(?<!!)\\((?:bundle-)?version<=([^)]+)\\)");
    private static final String EXTENDER_NAMESPACE = "osgi.extender";

    private final FrameworkWiring wiring;

    /** @param wiring the framework's wiring (from the system bundle) */
    BundleProblems(FrameworkWiring wiring) {
        this.wiring = wiring;
    }

    /**
     * @param bundle one of ours
     * @return why it is not active; empty if it is active, starting lazily, or a resolved fragment
     */
    List<String> reasons(Bundle bundle) {
        BundleRevision rev = bundle.adapt(BundleRevision.class);
        boolean fragment = rev != null && (rev.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        switch (bundle.getState()) {
            case Bundle.ACTIVE:
                return List.of();
            case Bundle.STARTING:
                return List.of("starting (lazy activation): it activates on first use");
            case Bundle.RESOLVED:
                return fragment ? List.of() : List.of("resolved but not started; start it with: start "
                        + bundle.getBundleId());
            case Bundle.INSTALLED:
                return unresolved(rev);
            default:
                return List.of("stopping or being uninstalled");
        }
    }

    private List<String> unresolved(BundleRevision rev) {
        List<String> missing = new ArrayList<>();
        if (rev == null) {
            return List.of("installed, not resolved");
        }
        for (BundleRequirement req : rev.getDeclaredRequirements(null)) {
            Map<String, String> dirs = req.getDirectives();
            if (Namespace.RESOLUTION_OPTIONAL.equals(dirs.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))) {
                continue;
            }
            String effective = dirs.getOrDefault(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE, Namespace.EFFECTIVE_RESOLVE);
            if (!Namespace.EFFECTIVE_RESOLVE.equals(effective)) {
                continue;
            }
            Collection<BundleCapability> providers = wiring.findProviders(req);
            if (providers.isEmpty()) {
                missing.add(describe(req.getNamespace(), dirs.get(Namespace.REQUIREMENT_FILTER_DIRECTIVE)));
            }
        }
        if (missing.isEmpty()) {
            missing.add("installed, not resolved, although every requirement has a provider (probably a uses"
                    + " conflict between package versions; the framework's message is in the log)");
        }
        return missing;
    }

    /** @return e.g. {@code missing package org.foo [1.0.0,2.0.0)} */
    static String describe(String namespace, String filter) {
        String f = filter == null ? "" : filter;
        switch (namespace) {
            case PackageNamespace.PACKAGE_NAMESPACE:
                return "missing package " + attribute(f, namespace) + range(f);
            case BundleNamespace.BUNDLE_NAMESPACE:
                return "missing bundle " + attribute(f, namespace) + range(f);
            case HostNamespace.HOST_NAMESPACE:
                return "missing host bundle " + attribute(f, namespace) + range(f);
            case ExecutionEnvironmentNamespace.EXECUTION_ENVIRONMENT_NAMESPACE:
                return "needs another Java version: " + f;
            case EXTENDER_NAMESPACE:
                return "missing extender " + attribute(f, namespace) + range(f)
                        + ("osgi.component".equals(attribute(f, namespace)) ? " (Declarative Services, SCR)" : "");
            default:
                return "missing capability " + namespace + (f.isEmpty() ? "" : " " + f);
        }
    }

    private static String attribute(String filter, String name) {
        Matcher m = Pattern.compile("\\(" + Pattern.quote(name) + "=([^)]*)\\)").matcher(filter);
        return m.find() ? m.group(1) : filter;
    }

    /** Renders the version bounds of an OSGi filter as an interval, e.g. {@code [1.0.0,2.0.0)}. */
    static String range(String filter) {
        String low = first(LOW_CLOSED, filter);
        String lowOpen = first(LOW_OPEN, filter);
        String high = first(HIGH_OPEN, filter);
        String highClosed = first(HIGH_CLOSED, filter);
        if (low == null && lowOpen == null && high == null && highClosed == null) {
            return "";
        }
        if (high == null && highClosed == null && lowOpen == null) {
            return " " + low;
        }
        String left = lowOpen != null ? "(" + lowOpen : "[" + (low == null ? "0.0.0" : low);
        String right = high != null ? high + ")" : highClosed != null ? highClosed + "]" : "\u221e)";
        return " " + left + "," + right;
    }

    private static String first(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    /** @param bundle a bundle @return {@code name version (id N)} */
    static String label(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " (id " + bundle.getBundleId() + ")";
    }
}
