package dev.berth.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.hypervisor.Accelerator;
import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.api.status.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;

/**
 * A stop that arrives while a start waits in the lifecycle's queue wins: the start does not launch a machine, and
 * nothing restarts the VM afterwards. The real VM manager runs against a hypervisor backend that only counts launches.
 */
class VmManagerStopTest {
    @TempDir
    Path home;

    @Test
    void aStopAfterAQueuedStartLeavesTheVmStopped() throws Exception {
        CountDownLatch reattaching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger launches = new AtomicInteger();
        // a machine record makes the manager's first step, the reattach, ask the backend, which holds the
        // lifecycle thread there until the test has queued its start and asked for the stop
        VmFiles files = new VmFiles(home);
        Files.createDirectories(files.runDir());
        new MachineRecord(new MachineSpec("berth", home.resolve("vmlinuz"), List.of(), "", 1, 256, List.of(), List.of(),
                List.of(), List.of(), files.runDir(), files.consoleLog(), null), 0, "none").write(files.machineFile());
        // a built image and a data disk of the wanted size: a start that runs gets as far as the backend's launch
        Fakes.builtHome(files, 1);
        HypervisorChoice hypervisors = new HypervisorChoice();
        hypervisors.addHypervisor(Fakes.proxy(Hypervisor.class, (name, args) -> switch (name) {
            case "name" -> "fake";
            case "accelerator" -> Accelerator.TCG;
            case "unavailableReason" -> Optional.empty();
            case "available" -> true;
            case "reattach" -> {
                reattaching.countDown();
                release.await();
                yield Optional.empty();
            }
            case "launch", "restore" -> {
                launches.incrementAndGet();
                throw new IOException("this backend launches nothing");
            }
            default -> null;
        }), Map.of());
        VmManager vm = manager(hypervisors);
        try {
            assertTrue(reattaching.await(10, TimeUnit.SECONDS));
            AtomicReference<Throwable> startOutcome = new AtomicReference<>();
            Thread starter = Thread.ofPlatform().start(() -> {
                try {
                    vm.start((phase, fraction, detail) -> { });
                } catch (IOException e) {
                    startOutcome.set(e);
                }
            });
            awaitWaiting(starter);
            Thread stopper = Thread.ofPlatform().start(() -> vm.stop(Duration.ofSeconds(5)));
            awaitWaiting(stopper);
            release.countDown();
            stopper.join(Duration.ofSeconds(30));
            starter.join(Duration.ofSeconds(30));
            assertEquals(State.STOPPED, vm.state(), vm.status().detail());
            assertEquals(0, launches.get(), "the start queued before the stop launched a machine");
            assertTrue(startOutcome.get() instanceof IOException, "the waiting start learns that it was stopped");
            // whatever the lifecycle thread still had queued has run once a step queued now has run
            vm.stop(Duration.ofSeconds(5));
            assertEquals(State.STOPPED, vm.state());
            assertEquals(0, launches.get());
        } finally {
            release.countDown();
            vm.deactivate();
        }
    }

    @Test
    void aPowerOffDiscardsTheSavedState() throws Exception {
        VmFiles files = new VmFiles(home);
        Files.createDirectories(files.savedDir());
        Files.writeString(files.savedState(), "device state");
        Files.writeString(files.savedDescription(), "{}");
        HypervisorChoice hypervisors = new HypervisorChoice();
        hypervisors.addHypervisor(Fakes.proxy(Hypervisor.class, (name, args) -> switch (name) {
            case "available" -> true;
            case "unavailableReason" -> Optional.empty();
            default -> null;
        }), Map.of());
        VmManager vm = manager(hypervisors);
        try {
            vm.powerOff();
            assertEquals(State.STOPPED, vm.state());
            assertTrue(!Files.exists(files.savedState()) && !Files.exists(files.savedDescription()));
        } finally {
            vm.deactivate();
        }
    }

    private VmManager manager(HypervisorChoice hypervisors) {
        Daemon daemon = Fakes.daemon(home);
        VmConfig config = Fakes.config(Map.of("diskGiB", 1, "saveState", false));
        Logger log = Fakes.log();
        var contributions = Fakes.contributions();
        ImageService images = new ImageService(daemon, log, config, contributions, Fakes.builder(new VmFiles(home)));
        return new VmManager(daemon, images, hypervisors, new VmState(), log, config,
                Fakes.proxy(BundleContext.class, (name, args) -> null), Fakes.settings(), Map.of(), contributions);
    }

    /** Waits until {@code thread} blocks: the start or stop it runs is queued and it waits for the outcome. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        for (int i = 0; i < 2000 && thread.getState() != Thread.State.WAITING; i++) Thread.sleep(5);
        assertEquals(Thread.State.WAITING, thread.getState());
    }
}
