package dev.berth.vm.internal;

import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.status.State;
import dev.berth.api.vm.GuestEndpoint;
import dev.berth.vm.internal.guest.GuestContributions;
import dev.berth.vm.internal.tls.TlsWarmup;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Brings the VM to an engine that answers, on the lifecycle thread: by reattaching to a machine an earlier daemon
 * left running, by resuming saved state, or by booting afresh.
 */
final class StartSequence {
    /** How long a start or a reattach at daemon start waits for a hypervisor backend to register. */
    private static final Duration HYPERVISOR_WAIT = Duration.ofSeconds(10);
    /** How long a start waits for the bundles that contribute to the guest (the engine's starts at a later level). */
    private static final Duration CONTRIBUTIONS_WAIT = Duration.ofSeconds(20);
    private final VmParts parts;
    private final SettingsBarrier settingsBarrier;
    private final GuestContributions contributions;
    private final CrashRestarts crashes;
    /** Whether the machine launched last was restored, so its clock must be stepped once its engine answers. */
    private boolean clockBehind;

    StartSequence(VmParts parts, SettingsBarrier settingsBarrier, GuestContributions contributions,
                  CrashRestarts crashes) {
        this.parts = parts;
        this.settingsBarrier = settingsBarrier;
        this.contributions = contributions;
        this.crashes = crashes;
    }

    /** Adopts a VM that an earlier daemon left running, if there is one, and waits for its engine. */
    void reattach() {
        parts.hypervisors().awaitAny(HYPERVISOR_WAIT);
        try {
            Optional<MachineLauncher.Launched> found = parts.launcher().reattach(
                    parts.hypervisors().choose(parts.config().get().hypervisor()));
            if (found.isEmpty()) return;
            parts.log().info("the VM from an earlier daemon still runs (pid {}); reattached", found.get().machine().pid());
            adopt(found.get());
            parts.guest().resumeIfPaused(found.get().machine());
            parts.state().set(State.STARTING, "reattached; waiting for the engine");
            parts.engine().await(found.get());
            parts.state().set(State.RUNNING, "");
        } catch (IOException e) {
            parts.log().warn("could not reattach to the VM: {}", e.getMessage());
        }
    }

    /** Runs one start to its end, telling {@code started} how it goes and how it ended. */
    void run(StartJob started) {
        long t0 = System.nanoTime();
        VmState state = parts.state();
        clockBehind = false;
        try {
            if (!parts.lifecycle().wanted()) {
                started.fail(new IOException("the VM was stopped before its start began"));
                return;
            }
            MachineLauncher.Launched current = parts.running().get();
            if (current != null && current.machine().isAlive()) {
                parts.guest().resumeIfPaused(current.machine());
                started.progress("engine", -1, "the VM already runs; waiting for the Docker Engine");
                parts.engine().await(current);
                state.set(State.RUNNING, "");
                started.succeed();
                return;
            }
            state.set(State.STARTING, "");
            MachineLauncher.Launched launched = launch(started);
            started.progress("engine", -1, "waiting for the Docker Engine");
            try {
                parts.engine().await(launched);
            } catch (IOException e) {
                if (launched.machine().isAlive() || !String.valueOf(e.getMessage()).contains("Kernel panic")) throw e;
                // A panic early in boot does not recur on the next boot (it was seen with multi-threaded TCG, when
                // a vCPU ran kernel text the other had just patched). The machine is let go first, so its exit is
                // not also taken for a crash.
                parts.running().compareAndSet(launched, null);
                parts.log().warn("the guest kernel panicked while booting; booting once more. {}", e.getMessage());
                started.progress("boot", -1, "the guest kernel panicked while booting; booting once more");
                String firstBoot = parts.keeper().lastBoot();
                launched = launch(started);
                parts.keeper().bootedAgain(firstBoot, "the guest kernel panicked while booting");
                started.progress("engine", -1, "waiting for the Docker Engine");
                parts.engine().await(launched);
            }
            if (clockBehind) parts.guest().stepClockSoon(); // clients wait for it, the start does not
            parts.idle().reset();
            state.set(State.RUNNING, "");
            parts.log().info("the Docker Engine is ready {} ms after the VM's start began ({})",
                    (System.nanoTime() - t0) / 1_000_000, parts.keeper().lastBoot());
            started.progress("engine", 1, "the Docker Engine is ready");
            started.succeed();
        } catch (IOException e) {
            parts.log().error("the VM did not start: {}", e.getMessage());
            state.set(State.FAILED, e.getMessage());
            started.fail(e);
        } catch (RuntimeException | LinkageError e) {
            parts.log().error("the VM did not start: {}", e.toString(), e);
            state.set(State.FAILED, e.toString());
            started.fail(new IOException("the VM did not start: " + e, e));
        }
    }

    /** Resumes the saved state when it fits, else boots, once the settings, a backend and the guest's parts are in. */
    private MachineLauncher.Launched launch(StartJob started) throws IOException {
        if (!settingsBarrier.await(10_000)) {
            parts.log().warn("starting the VM before the settings file's values arrived ({})",
                    settingsBarrier.difference().orElse("now they have"));
        }
        parts.hypervisors().awaitAny(HYPERVISOR_WAIT);
        VmConfig config = parts.config().get();
        Hypervisor hypervisor = parts.hypervisors().choose(config.hypervisor());
        // whether a saved state fits, and which image to boot, depend on every contribution
        List<String> missing = contributions.await(CONTRIBUTIONS_WAIT);
        if (!missing.isEmpty()) {
            parts.log().warn("starting the VM without the guest contributions of {}: they did not register within {} s",
                    missing, CONTRIBUTIONS_WAIT.toSeconds());
        }
        StateKeeper keeper = parts.keeper();
        if (keeper.hasState() && !parts.engine().relayOffered()) {
            GuestEndpoint credentials = parts.launcher().endpoint(0);
            Thread.ofVirtual().name("berth-tls-warmup").start(() -> TlsWarmup.run(credentials));
        }
        Optional<MachineLauncher.Launched> restored = keeper.restore(hypervisor, config);
        if (restored.isPresent()) {
            adopt(restored.get());
            started.progress("boot", 1, keeper.lastBoot());
            clockBehind = true;
            return restored.get();
        }
        MachineLauncher.Launched launched = parts.launcher().launch(hypervisor, config, started, parts.state()::note);
        adopt(launched);
        return launched;
    }

    private void adopt(MachineLauncher.Launched launched) {
        parts.running().set(launched);
        parts.idle().reset();
        parts.health().reset();
        parts.guest().attach(parts.files().agentSocket());
        crashes.watch(launched);
    }
}
