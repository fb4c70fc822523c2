package dev.berth.vm.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Decides when a crashed VM is restarted: at growing intervals, and not after too many crashes in a short time. */
final class CrashPolicy {
    static final int LIMIT = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private final Deque<Instant> crashes = new ArrayDeque<>();

    /** Records a crash; returns how long to wait before restarting, or empty to give up. */
    synchronized Optional<Duration> next() {
        Instant now = Instant.now();
        while (!crashes.isEmpty() && crashes.peekFirst().isBefore(now.minus(WINDOW))) crashes.removeFirst();
        crashes.addLast(now);
        if (crashes.size() > LIMIT) return Optional.empty();
        return Optional.of(Duration.ofSeconds(1L << (crashes.size() - 1)));
    }

    /** Crashes counted in the current window. */
    synchronized int recent() {
        return crashes.size();
    }
}
