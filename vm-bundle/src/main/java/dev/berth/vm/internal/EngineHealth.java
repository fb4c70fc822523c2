package dev.berth.vm.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.service.log.Logger;

/**
 * Notices a Docker Engine that stops answering while its VM runs (a hung guest or engine), and says so in the VM's
 * status and the log until it answers again.
 */
final class EngineHealth {
    /** Unanswered pings in a row before the engine counts as not answering. */
    static final int FAILURES = 3;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final Logger log;
    private final Supplier<Duration> interval;
    private final Consumer<String> note;
    private final Consumer<String> unnote;
    private long nextNanos;
    private int failures;
    private Instant firstFailure;
    private String noted;

    /**
     * A watch with nothing noticed yet.
     *
     * @param interval time between two pings, read again after each ping (the setting can change meanwhile)
     * @param note   shows a sentence in the VM's status
     * @param unnote takes a sentence shown with {@code note} away again
     */
    EngineHealth(Logger log, Supplier<Duration> interval, Consumer<String> note, Consumer<String> unnote) {
        this.log = log;
        this.interval = interval;
        this.nextNanos = System.nanoTime();
        this.note = note;
        this.unnote = unnote;
    }

    /**
     * Pings the engine when the interval has passed since the last ping.
     *
     * @param ping    asks the engine and tells whether it answered
     * @param console the last lines of the guest console, for the log when the engine stops answering
     */
    synchronized void check(BooleanSupplier ping, Supplier<String> console) {
        long now = System.nanoTime();
        if (now - nextNanos < 0) return;
        nextNanos = now + interval.get().toNanos();
        if (ping.getAsBoolean()) {
            if (noted != null) log.info("the Docker Engine in the VM answers again");
            reset();
            return;
        }
        if (failures++ == 0) firstFailure = Instant.now();
        if (failures == FAILURES && noted == null) {
            noted = "the Docker Engine has not answered since " + TIME.format(firstFailure)
                    + " (the VM may be hung or overloaded); if it stays so, restart the VM: berth vm restart";
            note.accept(noted);
            log.warn("{}. Last console lines:\n{}", noted, console.get());
        }
    }

    /** Forgets what was noticed: the engine answered, or another machine runs. */
    synchronized void reset() {
        failures = 0;
        if (noted != null) unnote.accept(noted);
        noted = null;
    }

    /** Whether the engine counts as not answering now. */
    synchronized boolean unanswered() {
        return noted != null;
    }
}
