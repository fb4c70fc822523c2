package dev.berth.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether the daemon's process still runs, and waiting until it ends. The daemon is no child of the client, so the
 * JDK checks it for its exit only every 0.3 s or more, and counts it alive until whoever adopted it reaps it.
 */
final class Liveness {
    private Liveness() {
    }

    /** True while {@code pid} runs; an ended process not yet reaped (a zombie) has ended. */
    static boolean running(long pid) {
        if (!Files.isDirectory(Path.of("/proc", "self"))) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = text.lastIndexOf(')');
            char state = end > 0 && end + 2 < text.length() ? text.charAt(end + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until {@code pid} has ended, looking every 20 ms; false when it still runs after {@code timeout}. */
    static boolean awaitEnd(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(pid)) {
            if (System.nanoTime() > deadline) return false;
            DaemonLauncher.sleep(20);
        }
        return true;
    }
}
