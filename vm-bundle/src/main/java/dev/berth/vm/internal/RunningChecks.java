package dev.berth.vm.internal;

import dev.berth.api.status.State;
import java.time.Duration;

/** Every few seconds while the VM runs, pauses it when idle and otherwise checks that its engine still answers. */
final class RunningChecks implements Runnable {
    /** How often the checks run, on the lifecycle thread. */
    static final Duration PERIOD = Duration.ofSeconds(5);
    private final VmParts parts;

    RunningChecks(VmParts parts) {
        this.parts = parts;
    }

    @Override
    public void run() {
        MachineLauncher.Launched l = parts.running().get();
        if (parts.state().get() != State.RUNNING || l == null) return;
        parts.idle().check(l, parts.engine().of(l), parts.config().get().idlePauseSeconds());
        if (!parts.idle().paused()) {
            parts.health().check(() -> parts.engine().answers(l),
                    () -> ConsoleTail.last(parts.files().consoleLog(), 15));
        }
    }
}
