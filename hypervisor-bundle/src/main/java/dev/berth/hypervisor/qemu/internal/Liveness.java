package dev.berth.hypervisor.qemu.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether a process still runs. A process that has ended but is not yet reaped (a zombie) counts as ended here,
 * while the JDK counts it alive: QEMU daemonizes, so whoever reaps it (init) may take seconds to do so.
 */
final class Liveness {
    private Liveness() {
    }

    /** True while {@code pid} runs; read from {@code /proc} where there is one. */
    static boolean running(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.isDirectory(Path.of("/proc", "self"))) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        try {
            String text = Files.readString(stat);
            int end = text.lastIndexOf(')');
            char state = end > 0 && end + 2 < text.length() ? text.charAt(end + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until {@code pid} has ended, looking every 5 ms; false when it still runs after {@code timeout}. */
    static boolean awaitEnd(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(pid)) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
