package dev.berth.vm.internal;

import dev.berth.api.status.State;
import dev.berth.api.vm.ProgressListener;
import java.io.IOException;

/** Queues starts on the lifecycle thread so that every caller who asks while one is under way joins that one. */
final class StartQueue {
    private final VmParts parts;
    private final StartSequence starts;
    /** The start under way, which later callers join; guarded by this. */
    private StartJob job;

    StartQueue(VmParts parts, StartSequence starts) {
        this.parts = parts;
        this.starts = starts;
    }

    /**
     * Begins a start without anyone waiting (a later {@link #start} joins it), unless a VM an earlier daemon left
     * runs: launched by {@code berth start}, the daemon thus resumes or boots the VM while its other bundles start.
     */
    void startEarly() {
        synchronized (this) {
            if (parts.running().get() != null || job != null) return;
            job = new StartJob();
            StartJob started = job;
            parts.lifecycle().execute(() -> run(started));
        }
    }

    /** Starts the VM, or joins the start under way, and waits until the engine answers. */
    void start(ProgressListener progress) throws IOException {
        StartJob current;
        synchronized (this) {
            parts.lifecycle().want(true);
            MachineLauncher.Launched l = parts.running().get();
            if (parts.state().get() == State.RUNNING && l != null && l.machine().isAlive()) return;
            if (job == null) {
                job = new StartJob();
                StartJob started = job;
                parts.lifecycle().execute(() -> run(started));
            }
            current = job;
        }
        current.listen(progress);
        current.await();
    }

    /** Runs on the lifecycle thread, so it starts directly rather than through {@link #start}. */
    void restartAfterCrash() {
        StartJob restart;
        synchronized (this) {
            if (job != null || parts.running().get() != null || !parts.lifecycle().wanted()) return;
            job = new StartJob();
            restart = job;
        }
        run(restart);
        if (parts.state().get() == State.RUNNING) parts.log().info("the VM is running again");
    }

    private void run(StartJob started) {
        try {
            starts.run(started);
        } finally {
            synchronized (this) {
                job = null;
            }
        }
    }
}
