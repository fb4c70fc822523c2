package dev.berth.vm.internal;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that changes the VM's lifecycle (starts, stops, crash restarts, reattach, periodic checks), one
 * step at a time in the order asked, and the user's intent: whether the VM should run. A stop that arrives while a
 * start is queued thus runs after it, and an exit the stop caused is never taken for a crash to restart from.
 */
final class Lifecycle {
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("berth-vm").unstarted(r));
    /** Running until a stop: a VM an earlier daemon left running is wanted too, and restarted when it crashes. */
    private volatile boolean wanted = true;

    /** Records whether the user wants the VM to run; set by the caller before it queues the step. */
    void want(boolean running) {
        wanted = running;
    }

    /** Whether the user wants the VM to run. */
    boolean wanted() {
        return wanted;
    }

    void execute(Runnable step) {
        thread.execute(step);
    }

    void schedule(Runnable step, Duration delay) {
        thread.schedule(step, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void every(Duration period, Runnable check) {
        thread.scheduleWithFixedDelay(check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code step} after the steps queued before it and waits for it; nothing runs once the thread is shut. */
    void runAndWait(Runnable step) {
        Future<?> done;
        try {
            done = thread.submit(step);
        } catch (RejectedExecutionException e) {
            return;
        }
        try {
            done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (CancellationException e) {
            // the daemon is stopping: the VM runs on without it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the thread; steps still queued are cancelled, so that nobody waits for them. */
    void shutdown() {
        for (Runnable queued : thread.shutdownNow()) {
            if (queued instanceof Future<?> f) f.cancel(false);
        }
    }
}
