package dev.berth.platform.itest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.daemon.BerthHome;
import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.api.network.GuestSockets;
import dev.berth.api.status.State;
import dev.berth.api.vm.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The real VM bundle in this framework with a VM it finds already running: a machine record in Berth's home (what a
 * daemon that launched a VM leaves), the backends and participants a test registers, and an engine socket that
 * answers the bundle's ping. Starting the bundle then reattaches, through the real components, without QEMU.
 */
final class VmRuntime implements AutoCloseable {
    static final String VM_BUNDLE = "berth.vm";
    private final BundleContext context;
    private final Path machineFile;
    private final Path scratch;
    private final EngineSocket engine;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    /** Stops the VM bundle, so that what is registered next is there when it starts. */
    VmRuntime(BundleContext context) throws IOException, BundleException {
        this.context = context;
        vmBundle().stop();
        Path home = Path.of(context.getProperty("berth.home"));
        Path runDir = new BerthHome(home).run().resolve("vm");
        this.machineFile = runDir.resolve("machine.json");
        this.scratch = Files.createTempDirectory("berth-itest");
        this.engine = new EngineSocket(scratch.resolve("engine.sock"));
        MachineSpec spec = new MachineSpec("berth", scratch.resolve("kernel"), List.of(), "", 1, 512, List.of(),
                List.of(), List.of(), List.of(), runDir, runDir.resolve("console.log"), scratch.resolve("memory"));
        Files.createDirectories(runDir);
        // the image hash is a sha-256 in hex, as the launcher writes it
        new ObjectMapper().writeValue(machineFile.toFile(), Map.of("spec", spec, "dockerPort", 1,
                "imageHash", "17e5".repeat(16)));
        register(GuestSockets.class, engine, 0);
    }

    Bundle vmBundle() {
        return bundle(VM_BUNDLE);
    }

    /** The installed bundle named {@code symbolicName}. */
    Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
    }

    /** Registers {@code service} with {@code ranking} for as long as this runtime is open. */
    <S> ServiceRegistration<S> register(Class<S> type, S service, int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        if (service instanceof Hypervisor h) properties.put(Hypervisor.NAME, h.name());
        ServiceRegistration<S> registration = context.registerService(type, service, properties);
        registrations.add(registration);
        return registration;
    }

    /** The VM service once it reports {@code wanted}, waiting at most 20 s. */
    VirtualMachine await(State wanted) throws InterruptedException {
        ServiceTracker<VirtualMachine, VirtualMachine> tracker = new ServiceTracker<>(context, VirtualMachine.class, null);
        tracker.open();
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline) {
                VirtualMachine vm = tracker.getService();
                if (vm != null && vm.state() == wanted) return vm;
                Thread.sleep(20);
            }
            VirtualMachine vm = tracker.getService();
            throw new AssertionError("the VM did not reach " + wanted + " within 20 s: "
                    + (vm == null ? "no VirtualMachine service" : "it is " + vm.state()));
        } finally {
            tracker.close();
        }
    }

    /** Powers the VM off if one runs, takes back what was registered and leaves the VM bundle started. */
    @Override
    public void close() throws Exception {
        ServiceTracker<VirtualMachine, VirtualMachine> tracker = new ServiceTracker<>(context, VirtualMachine.class, null);
        tracker.open();
        VirtualMachine vm = tracker.getService();
        if (vm != null) vm.powerOff();
        tracker.close();
        Files.deleteIfExists(machineFile);
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // unregistered by the test already
            }
        }
        engine.close();
        Files.deleteIfExists(scratch);
        if (vmBundle().getState() != Bundle.ACTIVE) vmBundle().start();
    }
}
