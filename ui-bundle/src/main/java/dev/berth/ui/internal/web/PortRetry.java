package dev.berth.ui.internal.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an attempt to listen on a port, and while the port is taken runs it again later: after {@code first}, then
 * twice as long each time, at most every {@code longest}. A port held by another program, or by a second Berth, is
 * often let go; the dashboard should then come up by itself.
 */
public final class PortRetry {
    /** One attempt to bind. */
    public interface Attempt {
        void run() throws PortTakenException;
    }

    private final ScheduledExecutorService timer;
    private final Duration first;
    private final Duration longest;
    private ScheduledFuture<?> pending;
    private Instant nextTry;
    private int failures;
    private long generation;

    /** Schedules its retries on {@code timer}. */
    public PortRetry(ScheduledExecutorService timer, Duration first, Duration longest) {
        this.timer = timer;
        this.first = first;
        this.longest = longest;
    }

    /**
     * Runs {@code attempt} now, cancelling one that waits, and again later for as long as the port is taken. The
     * attempt runs without this object's lock held, so it may take locks of its own.
     */
    public void run(Attempt attempt) {
        long current;
        synchronized (this) {
            cancel();
            current = generation;
        }
        attempt(attempt, current);
    }

    private void attempt(Attempt attempt, long current) {
        synchronized (this) {
            if (current != generation) return;
            pending = null;
            nextTry = null;
        }
        try {
            attempt.run();
            synchronized (this) {
                failures = 0;
            }
        } catch (PortTakenException e) {
            synchronized (this) {
                if (current != generation) return;
                Duration wait = delay(failures++);
                nextTry = Instant.now().plus(wait);
                pending = timer.schedule(() -> attempt(attempt, current), wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Stops trying; an attempt already scheduled does not run. */
    public synchronized void cancel() {
        generation++;
        if (pending != null) pending.cancel(false);
        pending = null;
        nextTry = null;
        failures = 0;
    }

    /** When the next attempt runs, or empty when none waits. */
    public synchronized Optional<Instant> nextTry() {
        return Optional.ofNullable(nextTry);
    }

    /** The wait after {@code failures} earlier failures in a row. */
    Duration delay(int failures) {
        Duration wait = first.multipliedBy(1L << Math.min(failures, 20));
        return wait.compareTo(longest) > 0 ? longest : wait;
    }
}
