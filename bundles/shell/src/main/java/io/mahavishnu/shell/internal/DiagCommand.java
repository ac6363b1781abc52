package io.mahavishnu.shell.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * {@code mahavishnu:diag}: for each Mahavishnu bundle or component that is not active, says why, in the
 * framework's and Declarative Services' own terms. Depends on neither the pool manager nor the bus, so it works
 * exactly when those are broken.
 */
@Component(service = DiagCommand.class, property = {
        "osgi.command.scope=" + Specs.MAHAVISHNU,
        "osgi.command.function=diag"})
public class DiagCommand extends CommandGroup {

    /** Our bundles: symbolic names start with this. */
    static final String PREFIX = "io.mahavishnu.";

    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    /**
     * @param context this bundle's context (to see every bundle)
     * @param scr     Declarative Services' runtime view
     */
    @Activate
    public DiagCommand(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
        command(Specs.DIAG, this::diag);
    }

    private void diag(Call call) {
        PrintStream out = call.out();
        BundleProblems bundleProblems = new BundleProblems(context.getBundle(0).adapt(FrameworkWiring.class));
        ComponentProblems componentProblems = new ComponentProblems(scr);
        List<Bundle> ours = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith(PREFIX)) {
                ours.add(b);
            }
        }
        int problems = 0;
        int components = 0;
        for (Bundle b : ours) {
            List<String> why = bundleProblems.reasons(b);
            if (!why.isEmpty()) {
                problems++;
                print(out, "Bundle " + BundleProblems.label(b) + " is not active:", why);
            }
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(ours.toArray(Bundle[]::new))) {
            components++;
            List<String> why = componentProblems.reasons(d);
            if (!why.isEmpty()) {
                problems++;
                print(out, "Component " + d.name + " (bundle " + d.bundle.symbolicName + ") is not active:", why);
            }
        }
        if (problems > 0) {
            throw new CommandException(Format.count(problems, "problem") + " found (see above); fix the first one"
                    + " first, others often follow from it");
        }
        out.println("All " + components + " Mahavishnu components are active (" + Format.count(ours.size(), "bundle")
                + ").");
    }

    private static void print(PrintStream out, String title, List<String> reasons) {
        out.println(title);
        for (String r : reasons) {
            out.println("  " + r);
        }
    }
}
