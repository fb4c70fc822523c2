package dev.berth.vm.internal.guest;

import dev.berth.api.guest.GuestContribution;
import dev.berth.api.guest.OwnedContribution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Every registered {@link GuestContribution}, with a wait for the bundles that will register one: a start must not
 * assemble the guest before they did, or it would build (and boot) a guest without their parts.
 */
@Component(service = GuestContributions.class)
public final class GuestContributions {
    private final Map<ServiceReference<?>, OwnedContribution> parts = new ConcurrentHashMap<>();
    private final BundleContext context;
    private final Logger log;
    /** The hash of the image last assembled, or null before the first; a contribution changing after it is logged. */
    private volatile String assembled;

    @Activate
    public GuestContributions(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        this.context = context;
        this.log = log;
    }

    @Reference(name = "contribution", service = GuestContribution.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void add(GuestContribution contribution, ServiceReference<GuestContribution> ref) {
        Bundle bundle = ref.getBundle();
        parts.put(ref, new OwnedContribution(bundle == null ? "bundle ?" : bundle.getSymbolicName(), contribution));
        changed(ref, bundle, "arrived");
        synchronized (this) {
            notifyAll();
        }
    }

    void remove(ServiceReference<GuestContribution> ref) {
        OwnedContribution gone = parts.remove(ref);
        if (gone != null) changed(ref, ref.getBundle(), "left");
    }

    private void changed(ServiceReference<?> ref, Bundle bundle, String how) {
        if (assembled == null) return;
        log.info("a guest contribution of {} ({}) {} after the guest image {} was assembled: the next VM start "
                        + "assembles the image again", bundle == null ? "?" : bundle.getSymbolicName(),
                ref.getProperty("component.name"), how, assembled.substring(0, Math.min(12, assembled.length())));
    }

    /** The contributions registered now. */
    public List<OwnedContribution> current() {
        return List.copyOf(parts.values());
    }

    /** Notes the image assembled from the contributions of now, after which changes are logged. */
    public void assembled(String hash) {
        assembled = hash;
    }

    /**
     * Waits until every bundle that declares a guest contribution and is to be started has registered one, at most
     * {@code timeout}.
     *
     * @return the symbolic names of the bundles still missing; empty when none is
     */
    public synchronized List<String> await(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        List<String> missing = missing();
        try {
            for (long left; !missing.isEmpty() && (left = end - System.nanoTime()) > 0; missing = missing()) {
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return missing;
    }

    /** Bundles marked to start whose manifest declares a GuestContribution service and that registered none yet. */
    private List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.UNINSTALLED || !declaresContribution(b)) continue;
            BundleStartLevel level = b.adapt(BundleStartLevel.class);
            if (level == null || !level.isPersistentlyStarted()) continue;
            if (parts.keySet().stream().noneMatch(r -> b.equals(r.getBundle()))) missing.add(b.getSymbolicName());
        }
        return missing;
    }

    /** Whether the bundle's manifest offers the service: bnd writes it from each DS component's provided services. */
    private static boolean declaresContribution(Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        if (revision == null) return false;
        return revision.getDeclaredCapabilities("osgi.service").stream()
                .map(c -> c.getAttributes().get("objectClass"))
                .anyMatch(o -> o instanceof Collection<?> names ? names.contains(GuestContribution.class.getName())
                        : GuestContribution.class.getName().equals(o));
    }
}
