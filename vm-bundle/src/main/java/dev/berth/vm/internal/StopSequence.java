package dev.berth.vm.internal;

import dev.berth.api.status.State;
import java.time.Duration;
import java.util.Optional;
import org.osgi.framework.BundleContext;

/**
 * Stops the running VM on the lifecycle thread: saves its state when asked and every save participant agrees, else
 * shuts it down, killing it after the timeout.
 */
final class StopSequence {
    private final VmParts parts;
    /** For the save participants, looked up when a save begins (see {@link SaveParticipants}). */
    private final BundleContext context;

    StopSequence(VmParts parts, BundleContext context) {
        this.parts = parts;
        this.context = context;
    }

    /** Runs on the lifecycle thread, so no start or crash restart runs meanwhile. */
    void run(Duration timeout, boolean save) {
        VmState state = parts.state();
        MachineLauncher.Launched launched = parts.running().get();
        if (launched == null) {
            state.set(State.STOPPED, "");
            return;
        }
        state.set(State.STOPPING, "");
        if (save) {
            if (parts.idle().wake(launched)) parts.guest().syncClock();
            VmConfig config = parts.config().get();
            Optional<String> notSaved = SaveParticipants.with(context, parts.log(),
                    list -> parts.keeper().save(launched, config, list, parts.guest()::flush, timeout));
            if (notSaved.isEmpty()) {
                parts.running().set(null);
                state.set(State.STOPPED, "its state is saved: the next start resumes it");
                return;
            }
            parts.log().info("shutting the VM down without saving its state: {}", notSaved.get());
        }
        boolean clean = launched.machine().shutdown(timeout);
        if (!clean) parts.log().warn("the VM did not power off within {} s and was killed", timeout.toSeconds());
        parts.running().set(null);
        state.set(State.STOPPED, clean ? "" : "the last stop had to kill the VM");
    }
}
