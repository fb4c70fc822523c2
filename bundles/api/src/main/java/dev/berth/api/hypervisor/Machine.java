package dev.berth.api.hypervisor;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A running virtual machine process, as launched by a {@link Hypervisor}. */
public interface Machine {
    /** The spec the machine was launched from. */
    MachineSpec spec();

    /** Operating-system process id of the machine's process. */
    long pid();

    /** The accelerator the machine actually runs with. */
    Accelerator accelerator();

    /** When the machine process was launched. */
    Instant startedAt();

    /** Whether the machine process is still alive. */
    boolean isAlive();

    /** Completes when the machine process exits, with a sentence describing how it ended. */
    CompletableFuture<String> exited();

    /** Asks the guest to power off (ACPI power button), without waiting. */
    void powerdown() throws IOException;

    /** Kills the machine process at once. */
    void kill();

    /** Powers off within {@code timeout}, then kills; returns true when the guest shut down cleanly. */
    boolean shutdown(Duration timeout);

    /** The user-mode network of the first NIC, when the backend offers one. */
    Optional<UserNetwork> userNetwork();

    /** Resident memory of the machine process in bytes, or -1 when unknown. */
    long residentBytes();

    /** Attaching and detaching host folders while the machine runs, when the backend can. */
    default Optional<SharedFolders> sharedFolders() {
        return Optional.empty();
    }

    /** Pausing the machine and saving its state, when the backend can. */
    default Optional<Suspension> suspension() {
        return Optional.empty();
    }
}
