package dev.berth.ui.internal;

import dev.berth.api.settings.Settings;
import dev.berth.api.vm.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.osgi.service.log.Logger;

/** Restarts the VM or resets Berth to factory defaults in the background, one operation at a time. */
final class VmOperations implements AutoCloseable {
    private final Backends backends;
    private final Runnable changed;
    private final Logger log;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("berth-ui-vm").unstarted(r));
    private volatile String current = "";
    private volatile String lastProblem = "";

    /** Calls {@code changed} whenever the operation or its progress changes. */
    VmOperations(Backends backends, Runnable changed, Logger log) {
        this.backends = backends;
        this.changed = changed;
        this.log = log;
    }

    /** What runs now, such as "restarting the VM: boot", or empty. */
    String current() {
        return current.isEmpty() ? lastProblem : current;
    }

    /** Stops and starts the VM. */
    void restart() {
        VirtualMachine vm = vm();
        submit("restarting the VM", () -> vm.restart((phase, fraction, detail) -> progress("restarting the VM", phase)));
    }

    /**
     * Ends the VM without saving it (its disks are about to go), deletes its disks (every image, container and
     * volume) and the settings, then starts it again.
     */
    void factoryReset() {
        VirtualMachine vm = vm();
        Settings settings = backends.settings();
        Path disks = backends.daemon().home().resolve("disks");
        submit("resetting to factory defaults", () -> {
            progress("resetting to factory defaults", "stopping the VM");
            vm.powerOff();
            progress("resetting to factory defaults", "deleting images, containers and volumes");
            deleteContents(disks);
            progress("resetting to factory defaults", "restoring default settings");
            for (Map.Entry<String, Map<String, Object>> section : settings.current().entrySet()) {
                if (section.getKey().equals("dashboard")) continue;
                for (String name : new ArrayList<>(section.getValue().keySet())) settings.unset(section.getKey() + "." + name);
            }
            vm.start((phase, fraction, detail) -> progress("resetting to factory defaults", phase));
        });
    }

    private VirtualMachine vm() {
        if (!current.isEmpty()) throw new IllegalArgumentException("wait until the current operation ends: " + current);
        return backends.vm().orElseThrow(() -> new IllegalArgumentException("the VM bundle is not running; check berth status"));
    }

    private interface Job {
        void run() throws IOException;
    }

    private void submit(String what, Job job) {
        current = what;
        lastProblem = "";
        changed.run();
        worker.execute(() -> {
            try {
                job.run();
                log.info("dashboard: {} done", what);
            } catch (IOException | RuntimeException e) {
                lastProblem = what + " failed: " + e.getMessage();
                log.error("dashboard: {}", lastProblem);
            } finally {
                current = "";
                changed.run();
            }
        });
    }

    private void progress(String what, String phase) {
        current = what + ": " + phase;
        changed.run();
    }

    static void deleteContents(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return;
        List<Path> all;
        try (Stream<Path> walk = Files.walk(folder)) {
            all = walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(folder)).toList();
        }
        for (Path p : all) Files.deleteIfExists(p);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
