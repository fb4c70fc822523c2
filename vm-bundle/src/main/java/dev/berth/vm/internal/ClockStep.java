package dev.berth.vm.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Steps the guest clock in the background after a restore or a pause, once the engine answers (done before, the
 * step's work in the guest competed with the engine's first answer for the one emulated CPU), and lets clients'
 * requests wait for it, so that none sees the clock of the moment the VM was saved or paused.
 */
final class ClockStep {
    private final Runnable step;
    private volatile CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    /** @param step steps the clock; it logs its own failure */
    ClockStep(Runnable step) {
        this.step = step;
    }

    /** Begins a step on a thread of its own; a step under way goes on, and this one follows it. */
    synchronized void begin() {
        CompletableFuture<Void> before = pending;
        CompletableFuture<Void> next = new CompletableFuture<>();
        pending = next;
        Thread.ofVirtual().name("berth-clock").start(() -> {
            try {
                before.join();
                step.run();
            } finally {
                next.complete(null);
            }
        });
    }

    /** Waits until the last step begun has ended, at most {@code max}; whether it has. */
    boolean await(Duration max) {
        try {
            pending.get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
