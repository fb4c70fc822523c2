package dev.berth.api.hypervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Pausing a running machine in place, and saving its whole state (devices and memory) to resume it later. */
public interface Suspension {
    /** Stops the guest's CPUs in place; the machine process and its memory stay. Pausing a paused guest does nothing. */
    void pause() throws IOException;

    /** Lets a paused guest run again. Resuming a running guest does nothing. */
    void resume() throws IOException;

    /** Whether the guest's CPUs are stopped. */
    boolean paused() throws IOException;

    /**
     * Saves the machine's state to {@code stateFile}, flushes its disks and ends the machine process; a later
     * {@link Hypervisor#restore} with the same spec and disks continues where it stopped.
     *
     * @throws IOException when the state cannot be saved (a device that cannot be saved, a full disk, a timeout);
     *                     the message says why, and the machine runs on
     */
    void saveAndQuit(Path stateFile, Duration timeout) throws IOException;
}
