package dev.berth.virtiofs.internal.vhost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Per queue, how often its thread woke, how many chains it served and interrupts it sent, and how long it was busy
 * from waking to going back to wait, appended to the file {@code BERTH_VIRTIOFS_STATS} names (as the request
 * statistics are) every few seconds and when the queue stops; off without that variable.
 */
final class QueueStats {
    private static final long PERIOD_NANOS = 5_000_000_000L;
    private final Path file;
    private final int queue;
    private long wakeups;
    private long chains;
    private long calls;
    private long busyNanos;
    private long written = System.nanoTime();
    private boolean changed;

    private QueueStats(Path file, int queue) {
        this.file = file;
        this.queue = queue;
    }

    /** The statistics of queue {@code queue} the environment asks for, or null. */
    static QueueStats fromEnvironment(int queue) {
        String path = System.getenv("BERTH_VIRTIOFS_STATS");
        if (path == null || path.isBlank()) return null;
        QueueStats stats = new QueueStats(Path.of(path), queue);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stats.write(System.nanoTime())));
        return stats;
    }

    /** Counts one wake-up that served {@code served} chains with {@code interrupts} interrupts since {@code start}. */
    synchronized void woke(long start, int served, int interrupts) {
        long now = System.nanoTime();
        wakeups++;
        chains += served;
        calls += interrupts;
        busyNanos += now - start;
        changed = true;
        if (now - written > PERIOD_NANOS) write(now);
    }

    synchronized void write(long now) {
        if (!changed) return;
        written = now;
        changed = false;
        String line = "queue " + queue + ": wakeups " + wakeups + " chains " + chains + " interrupts " + calls
                + " busy-ms " + busyNanos / 1_000_000 + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // statistics are best effort
        }
    }
}
