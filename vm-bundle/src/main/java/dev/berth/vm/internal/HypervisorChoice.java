package dev.berth.vm.internal;

import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.hypervisor.Machine;
import java.io.IOException;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Picks the hypervisor backend: the one the settings name, else the highest-ranked one that is available. */
@Component(service = HypervisorChoice.class)
public final class HypervisorChoice {
    private final Map<Hypervisor, Integer> rankings = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHypervisor(Hypervisor hypervisor, Map<String, Object> properties) {
        rankings.put(hypervisor, properties.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0);
        synchronized (rankings) {
            rankings.notifyAll();
        }
    }

    void removeHypervisor(Hypervisor hypervisor) {
        rankings.remove(hypervisor);
    }

    /**
     * Waits until at least one backend is registered, for at most {@code timeout}: at daemon start the hypervisor
     * bundle may start after this one (bundles of one start level start in the order they were installed).
     */
    boolean awaitAny(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (rankings) {
            while (rankings.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    rankings.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The backend to use.
     *
     * @param named a backend name from the settings, or empty for the best available
     * @throws IOException saying why none can be used
     */
    Hypervisor choose(String named) throws IOException {
        if (named != null && !named.isBlank()) {
            Hypervisor h = rankings.keySet().stream().filter(x -> x.name().equals(named)).findFirst()
                    .orElseThrow(() -> new IOException("vm.hypervisor names '" + named + "' but the installed backends are "
                            + rankings.keySet().stream().map(Hypervisor::name).sorted().toList()));
            if (!h.available()) throw new IOException(h.unavailableReason().orElse(named + " is not available"));
            return h;
        }
        return rankings.entrySet().stream().filter(e -> e.getKey().available())
                .max(Comparator.comparingInt(Map.Entry::getValue)).map(Map.Entry::getKey)
                .orElseThrow(() -> new IOException(rankings.isEmpty() ? "no hypervisor backend is installed"
                        : rankings.keySet().iterator().next().unavailableReason().orElse("no hypervisor is available")));
    }

    /** The name of the backend that runs {@code machine}, as far as one can tell. */
    String nameOf(Machine machine) {
        return rankings.keySet().stream().map(Hypervisor::name).sorted().findFirst().orElse("?");
    }
}
