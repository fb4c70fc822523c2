package dev.berth.extensions.internal.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.engine.EngineEndpoint;
import dev.berth.api.extension.ExtensionGuestService;
import dev.berth.api.extension.GuestContainer;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusEvents;
import dev.berth.api.vm.VirtualMachine;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Runs the {@link ExtensionGuestService}s extension bundles register as containers of Berth's engine: creates each
 * one whenever the VM is running (at once, or when the VM reaches RUNNING), and removes it when its service goes
 * away. The engine restarts them with the VM; containers whose bundle is no longer installed are removed then.
 */
@Component(service = {GuestContainersComponent.class, EventHandler.class}, immediate = true, property = {
        EventConstants.EVENT_TOPIC + "=" + StatusEvents.TOPIC,
        EventConstants.EVENT_FILTER + "=(" + StatusEvents.SUBSYSTEM + "=vm)"})
public final class GuestContainersComponent implements EventHandler {
    /** One registered guest service: its bundle, the service, and its container's name once asked. */
    private static final class Offer {
        final String bundle;
        final ExtensionGuestService service;
        volatile String name;

        Offer(String bundle, ExtensionGuestService service) {
            this.bundle = bundle;
            this.service = service;
        }
    }

    @Reference(service = LoggerFactory.class)
    private Logger log;
    private volatile BundleContext context;
    /** Engine calls take time and may block; one worker keeps them in order and off the framework's threads. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("berth-guest-services").factory());
    private final Map<ServiceReference<ExtensionGuestService>, Offer> offers = new ConcurrentHashMap<>();
    /** Why a guest service does not run, by bundle and then by its container's name. */
    private final Map<String, Map<String, String>> problems = new ConcurrentHashMap<>();
    private volatile boolean closing;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EngineEndpoint engine;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile VirtualMachine vm;

    /** Brings every guest service up, and clears away those of uninstalled bundles, when the VM runs already. */
    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
        submit(this::applyAll);
    }

    @Deactivate
    void deactivate() {
        // Berth stops: the containers stay, and the engine stops them with the VM
        closing = true;
        worker.shutdown();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindService")
    void bindService(ExtensionGuestService service, ServiceReference<ExtensionGuestService> ref) {
        Offer offer = new Offer(ref.getBundle().getSymbolicName(), service);
        offers.put(ref, offer);
        submit(() -> {
            if (ready()) apply(offer);
        });
    }

    void unbindService(ExtensionGuestService service, ServiceReference<ExtensionGuestService> ref) {
        Offer offer = offers.remove(ref);
        // the framework stops every bundle when Berth quits: the containers stay for the next run
        BundleContext c = context;
        if (offer == null || closing || c == null || c.getBundle(0).getState() == Bundle.STOPPING) return;
        String name = nameOf(offer);
        submit(() -> {
            if (name != null) remove(offer.bundle, name);
        });
    }

    @Override
    public void handleEvent(Event event) {
        if (State.RUNNING.name().equals(event.getProperty(StatusEvents.STATE))) submit(this::applyAll);
    }

    /**
     * Why the bundle's guest services do not run, in one sentence each, or empty: what {@code berth extension ls}
     * adds to the extension's reason.
     */
    public String problem(String bundle) {
        Map<String, String> p = problems.getOrDefault(bundle, Map.of());
        return p.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "guest service " + e.getKey() + " does not run: " + e.getValue()).collect(Collectors.joining("; "));
    }

    private void submit(Runnable task) {
        if (closing) return;
        try {
            worker.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    /** The VM runs (so the engine answers), or there is no VM bundle and the engine may answer anyway. */
    private boolean ready() {
        VirtualMachine machine = vm;
        return engine != null && (machine == null || machine.state() == State.RUNNING);
    }

    private void applyAll() {
        if (!ready()) return;
        offers.values().forEach(this::apply);
        removeOrphans();
    }

    /** Creates the offer's container unless the same one exists, and starts it; a failure is kept as its problem. */
    private void apply(Offer offer) {
        // queued behind slow engine calls, an offer may be gone by now (a bundle updated twice in a row): its
        // container must not come back after the removal queued for it
        if (!offers.containsValue(offer)) return;
        String name = "?";
        try {
            GuestContainer c = offer.service.container();
            name = c.name();
            offer.name = name;
            run(offer.bundle, c);
            problems.computeIfPresent(offer.bundle, (b, p) -> {
                p.remove(c.name());
                return p.isEmpty() ? null : p;
            });
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            problems.computeIfAbsent(offer.bundle, b -> new ConcurrentHashMap<>()).put(name, why);
            log.warn("the guest service {} of the extension {} does not run: {}", name, offer.bundle, why);
        }
    }

    private void run(String bundle, GuestContainer c) throws IOException {
        Engine e = engine();
        String container = GuestRun.container(bundle, c.name());
        Map<String, Object> create = GuestRun.create(bundle, c);
        Optional<JsonNode> now = e.container(container);
        if (now.isPresent() && GuestRun.same(now.get(), create)) {
            if (!now.get().path("State").path("Running").asBoolean()) e.start(container);
            return;
        }
        e.image(c.image());
        if (c.guestServices()) e.volume(GuestRun.volume(bundle, c.name()));
        e.run(container, create);
        log.info("the extension {} runs its guest service {} as the container {}", bundle, c.name(), container);
    }

    private void remove(String bundle, String name) {
        problems.computeIfPresent(bundle, (b, p) -> {
            p.remove(name);
            return p.isEmpty() ? null : p;
        });
        try {
            Engine e = engine();
            String container = GuestRun.container(bundle, name);
            String volume = e.container(container).map(GuestRun::mountedVolume).orElse("");
            e.remove(container);
            if (!volume.isEmpty()) e.removeVolume(volume);
            log.info("the guest service {} of the extension {} is removed", name, bundle);
        } catch (IOException | RuntimeException ex) {
            log.warn("the guest service {} of the extension {} is left in the VM, to be removed at its next start: {}",
                    name, bundle, ex.getMessage());
        }
    }

    /** Removes the guest services of bundles that are no longer installed (removed while the VM was stopped). */
    private void removeOrphans() {
        try {
            for (JsonNode c : engine().containers(GuestRun.SERVICE_LABEL)) {
                JsonNode labels = c.path("Labels");
                String bundle = labels.path(GuestRun.EXTENSION_LABEL).asText("");
                boolean installed = Stream.of(context.getBundles()).anyMatch(b -> bundle.equals(b.getSymbolicName()));
                if (!bundle.isEmpty() && !installed) remove(bundle, labels.path(GuestRun.SERVICE_LABEL).asText(""));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("the guest services of removed extensions cannot be listed: {}", e.getMessage());
        }
    }

    /** The offer's container name: as last run, else asked now (its service is still registered during unbind). */
    private String nameOf(Offer offer) {
        if (offer.name != null) return offer.name;
        try {
            return offer.service.container().name();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Engine engine() throws IOException {
        EngineEndpoint e = engine;
        if (e == null) throw new IOException("the Docker Engine does not run; start it with: berth start");
        return new Engine(e.socket());
    }
}
