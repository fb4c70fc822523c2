package dev.berth.vm.internal;

import dev.berth.api.hypervisor.Suspension;
import dev.berth.api.vm.GuestEndpoint;
import java.io.IOException;
import java.util.Optional;
import org.osgi.service.log.Logger;

/**
 * Pauses the VM after a stretch with no client request and no running container (Berth's resource saver), and
 * resumes it for the next client, who waits a moment rather than failing.
 */
final class IdleWatch {
    private final Logger log;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean paused;

    IdleWatch(Logger log) {
        this.log = log;
    }

    /** A client request: the VM stays awake for another full idle period. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    /** Whether the watch paused the VM and it has not been resumed since. */
    boolean paused() {
        return paused;
    }

    /** A new machine runs (or none): it is awake, and the idle period starts now. */
    void reset() {
        paused = false;
        touch();
    }

    /** Pauses {@code running} when it has been idle for {@code idleSeconds} (0: never). */
    void check(MachineLauncher.Launched running, GuestEndpoint engine, int idleSeconds) {
        if (running == null || idleSeconds <= 0 || paused) return;
        if (System.nanoTime() - lastActivity < idleSeconds * 1_000_000_000L) return;
        Optional<Suspension> suspension = running.machine().suspension();
        if (suspension.isEmpty()) return;
        try (EnginePing ping = new EnginePing(engine)) {
            Optional<Boolean> busy = ping.anyContainerRunning();
            if (busy.isEmpty() || busy.get()) {
                touch();
                return;
            }
            synchronized (this) {
                if (System.nanoTime() - lastActivity < idleSeconds * 1_000_000_000L) return;
                suspension.get().pause();
                paused = true;
            }
            log.info("paused the VM after {} s without containers or requests; the next request resumes it", idleSeconds);
        } catch (IOException e) {
            log.warn("could not pause the idle VM: {}", e.getMessage());
        }
    }

    /**
     * Resumes the VM when this watch paused it, before a client's request goes through.
     *
     * @return whether it was paused (the guest clock then needs stepping)
     */
    synchronized boolean wake(MachineLauncher.Launched running) {
        touch();
        if (!paused || running == null) return false;
        try {
            running.machine().suspension().orElseThrow().resume();
            paused = false;
            log.info("resumed the paused VM for a request");
            return true;
        } catch (IOException e) {
            log.warn("could not resume the paused VM: {}", e.getMessage());
            return false;
        }
    }
}
