package dev.berth.virtiofs.internal.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per request kind, how many requests the server answered and how long it took (from the request's parse to its
 * reply), appended to a file every few seconds while requests come; for measuring the server, so off unless the
 * environment variable {@code BERTH_VIRTIOFS_STATS} names that file.
 */
final class RequestStats {
    private static final int KINDS = 64;
    private static final long PERIOD_NANOS = 5_000_000_000L;
    private final Path file;
    private final AtomicLongArray counts = new AtomicLongArray(KINDS);
    private final AtomicLongArray nanos = new AtomicLongArray(KINDS);
    private final AtomicLongArray worst = new AtomicLongArray(KINDS);
    private volatile long written = System.nanoTime();
    private volatile boolean changed;

    private RequestStats(Path file) {
        this.file = file;
    }

    /** The statistics the environment asks for, or null. */
    static RequestStats fromEnvironment() {
        String path = System.getenv("BERTH_VIRTIOFS_STATS");
        if (path == null || path.isBlank()) return null;
        RequestStats stats = new RequestStats(Path.of(path));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stats.write(System.nanoTime(), true)));
        return stats;
    }

    /** Counts one request of {@code opcode} that started at {@code start} ({@link System#nanoTime()}). */
    void record(int opcode, long start) {
        long now = System.nanoTime();
        int kind = opcode >= 0 && opcode < KINDS ? opcode : 0;
        long took = now - start;
        counts.incrementAndGet(kind);
        nanos.addAndGet(kind, took);
        worst.accumulateAndGet(kind, took, Math::max);
        changed = true;
        if (now - written > PERIOD_NANOS) write(now, false);
    }

    private synchronized void write(long now, boolean last) {
        if ((!last && now - written <= PERIOD_NANOS) || !changed) return;
        written = now;
        changed = false;
        StringBuilder b = new StringBuilder("-- since start: opcode count total-ms mean-us max-us\n");
        for (int k = 0; k < KINDS; k++) {
            long n = counts.get(k);
            if (n == 0) continue;
            b.append(k).append(' ').append(n).append(' ').append(nanos.get(k) / 1_000_000).append(' ')
                    .append(nanos.get(k) / n / 1000).append(' ').append(worst.get(k) / 1000).append('\n');
        }
        try {
            Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // statistics are best effort
        }
    }
}
