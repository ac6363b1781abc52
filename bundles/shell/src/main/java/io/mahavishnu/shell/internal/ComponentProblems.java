package io.mahavishnu.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Why a Declarative Services component is not active, from SCR's runtime DTOs: disabled, waiting for a required
 * configuration, unsatisfied references (name, interface, target), or a failed activation with its message.
 */
final class ComponentProblems {

    private final ServiceComponentRuntime scr;

    /** @param scr Declarative Services' runtime view */
    ComponentProblems(ServiceComponentRuntime scr) {
        this.scr = scr;
    }

    /**
     * @param d a component description
     * @return why it is not working; empty if every configuration of it is active or satisfied (a delayed
     *         component is satisfied until first used, which is normal)
     */
    List<String> reasons(ComponentDescriptionDTO d) {
        if (!scr.isComponentEnabled(d)) {
            return List.of("disabled" + (d.defaultEnabled ? "" : " by design") + "; enable it with: scr:enable "
                    + d.name);
        }
        Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(d);
        if (configs.isEmpty()) {
            if ("require".equals(d.configurationPolicy)) {
                return List.of("missing configuration " + String.join(", ", d.configurationPid)
                        + " (its configuration is required: add etc/" + d.configurationPid[0] + ".cfg)");
            }
            return d.factory != null ? List.of() : List.of("no configuration of it exists");
        }
        List<String> out = new ArrayList<>();
        for (ComponentConfigurationDTO c : configs) {
            switch (c.state) {
                case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                    out.add("missing configuration " + String.join(", ", d.configurationPid)
                            + " (its configuration is required)");
                    break;
                case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                    for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                        out.add(unsatisfied(d, u));
                    }
                    break;
                case ComponentConfigurationDTO.FAILED_ACTIVATION:
                    out.add("failed to activate: " + firstLine(c.failure));
                    break;
                default:
                    break;
            }
        }
        return out;
    }

    private static String unsatisfied(ComponentDescriptionDTO d, UnsatisfiedReferenceDTO u) {
        String iface = "?";
        for (ReferenceDTO r : d.references) {
            if (r.name.equals(u.name)) {
                iface = r.interfaceName;
            }
        }
        return "unsatisfied reference " + u.name + ": no " + iface + " service"
                + (u.target == null || u.target.isEmpty() ? "" : " matching " + u.target);
    }

    private static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "(no message)";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }
}
