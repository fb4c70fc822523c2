package dev.berth.api.vm;

import dev.berth.api.hypervisor.Machine;
import dev.berth.api.status.State;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Berth's guest virtual machine, which runs the Docker Engine.
 *
 * <p>The VM outlives the daemon: a new daemon reattaches to a machine that still runs. State changes are
 * published as {@link dev.berth.api.status.StatusEvents} with subsystem {@code vm}.
 */
public interface VirtualMachine {
    /** The current lifecycle state. */
    State state();

    /** Facts about the running VM, empty unless it is starting or running. */
    Optional<VmInfo> info();

    /** The running machine, empty when none runs. */
    Optional<Machine> machine();

    /**
     * Starts the VM (building its image first when needed) and waits until the engine answers.
     *
     * @param progress receives the phases of the start
     * @throws IOException when the VM cannot start; the message says why and what to do
     */
    void start(ProgressListener progress) throws IOException;

    /**
     * Stops the VM: saves its state to resume from at the next start when the settings allow and every
     * {@link SaveParticipant} agrees, else shuts it down in an orderly way, killing it after {@code timeout}.
     */
    void stop(Duration timeout);

    /** Stops the VM as {@link #stop(Duration)} does, allowing the shutdown time the settings give. */
    default void stop() {
        stop(Duration.ofSeconds(60));
    }

    /**
     * Ends the VM without saving its state or waiting for the guest to shut down, and discards a state saved
     * earlier: for a reset that wipes the VM's disks.
     */
    void powerOff();

    /** Stops then starts the VM. */
    default void restart(ProgressListener progress) throws IOException {
        stop(Duration.ofSeconds(30));
        start(progress);
    }

    /** The guest's serial console log. */
    Path consoleLog();
}
