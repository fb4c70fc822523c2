package dev.berth.vm.internal;

import dev.berth.api.status.State;
import java.time.Duration;
import java.util.Optional;

/** Tells a machine's wanted end from a crash, and has a crashed VM started again as the {@link CrashPolicy} allows. */
final class CrashRestarts {
    private final VmParts parts;
    private final CrashPolicy crashes = new CrashPolicy();
    /** Starts the VM again; runs on the lifecycle thread. */
    private final Runnable restart;

    CrashRestarts(VmParts parts, Runnable restart) {
        this.parts = parts;
        this.restart = restart;
    }

    /** Watches an adopted machine: its exit is handled on the lifecycle thread, after the steps queued before. */
    void watch(MachineLauncher.Launched launched) {
        launched.machine().exited().thenAccept(reason -> parts.lifecycle().execute(() -> exited(launched, reason)));
    }

    private void exited(MachineLauncher.Launched launched, String reason) {
        // a machine that a stop or a later start replaced already is no longer ours to mourn
        if (!parts.running().compareAndSet(launched, null)) return;
        if (!parts.lifecycle().wanted()) {
            parts.state().set(State.STOPPED, "");
            return;
        }
        parts.log().error("the VM stopped unexpectedly: {}", reason);
        Optional<Duration> delay = crashes.next();
        if (delay.isEmpty()) {
            parts.state().set(State.FAILED, reason + "; gave up restarting after " + CrashPolicy.LIMIT + " crashes");
            return;
        }
        parts.state().set(State.FAILED, reason + "; restarting in " + delay.get().toSeconds() + " s");
        parts.lifecycle().schedule(restart, delay.get());
    }
}
