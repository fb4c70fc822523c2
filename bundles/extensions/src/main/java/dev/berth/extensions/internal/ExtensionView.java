package dev.berth.extensions.internal;

import dev.berth.api.extension.DashboardTab;
import dev.berth.api.extension.Extension;
import dev.berth.api.extension.ExtensionState;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Works out where one installed extension bundle stands and, when it cannot run, why. */
final class ExtensionView {
    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    /** Asks the framework, and the component runtime when there is one ({@code scr} may be null). */
    ExtensionView(BundleContext context, ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    /**
     * The extension as it stands.
     *
     * @param startFailure why the last start failed (an exception in its activator), or null
     */
    Extension of(Bundle b, String file, String origin, String startFailure) {
        String title = b.getHeaders().get("Bundle-Name");
        ExtensionState state;
        String reason = "";
        switch (b.getState()) {
            case Bundle.ACTIVE -> {
                String failed = failedComponents(b);
                state = failed.isEmpty() ? ExtensionState.ACTIVE : ExtensionState.FAILED;
                reason = failed;
            }
            case Bundle.STARTING, Bundle.STOPPING -> state = ExtensionState.STARTING;
            case Bundle.INSTALLED -> {
                String missing = unresolved(b);
                state = missing.isEmpty() ? ExtensionState.STARTING : ExtensionState.FAILED;
                reason = missing;
            }
            default -> {
                if (isFragment(b)) {
                    state = ExtensionState.ACTIVE;
                } else if (startFailure != null) {
                    state = ExtensionState.FAILED;
                    reason = startFailure;
                } else if (b.adapt(BundleStartLevel.class).isPersistentlyStarted()) {
                    state = ExtensionState.STARTING;
                } else {
                    state = ExtensionState.STOPPED;
                }
            }
        }
        return new Extension(b.getSymbolicName(), b.getVersion().toString(), title == null ? b.getSymbolicName() : title,
                file, state, reason, origin, tabs(b));
    }

    /** The components of an active bundle whose activation failed, in words, or empty. */
    private String failedComponents(Bundle b) {
        if (scr == null) return "";
        List<String> failed = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    failed.add("component " + d.name + " failed to activate: "
                            + (c.failure == null ? "no reason given" : Reasons.firstLine(c.failure)));
                }
            }
        }
        return String.join("; ", failed);
    }

    /** The mandatory requirements no bundle in the framework offers, in words, or empty. */
    private String unresolved(Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        if (revision == null) return "";
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        List<String[]> missing = new ArrayList<>();
        for (BundleRequirement r : revision.getDeclaredRequirements(null)) {
            if ("optional".equals(r.getDirectives().get("resolution"))) continue;
            if (r.getNamespace().equals(BundleRevision.HOST_NAMESPACE)) continue;
            // requirements effective only at run time (the services a component uses) do not keep a bundle unresolved
            if ("active".equals(r.getDirectives().get("effective"))) continue;
            if (wiring.findProviders(r).isEmpty()) {
                missing.add(new String[] {r.getNamespace(), r.getDirectives().getOrDefault("filter", "")});
            }
        }
        return missing.isEmpty() ? "" : Reasons.unresolved(missing);
    }

    private static boolean isFragment(Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    /** The ids of the dashboard tabs the bundle registered. */
    private List<String> tabs(Bundle b) {
        List<String> ids = new ArrayList<>();
        ServiceReference<?>[] refs = b.getRegisteredServices();
        if (refs == null) return ids;
        for (ServiceReference<?> ref : refs) {
            String[] classes = (String[]) ref.getProperty(org.osgi.framework.Constants.OBJECTCLASS);
            if (!List.of(classes).contains(DashboardTab.class.getName())) continue;
            Object service = context.getService(ref);
            try {
                if (service instanceof DashboardTab tab) ids.add(tab.id());
            } catch (RuntimeException e) {
                // A tab whose id() throws has no id to show; the dashboard leaves it out too.
            } finally {
                if (service != null) context.ungetService(ref);
            }
        }
        return ids;
    }
}
