package dev.berth.api.hypervisor;

import java.io.IOException;
import java.util.Optional;

/**
 * A hypervisor backend: turns a {@link MachineSpec} into a running {@link Machine}.
 *
 * <p>Backends register this service with a {@code service.ranking}; the VM bundle uses the highest ranked
 * backend that is {@link #available() available}, or the one named by the {@code vm.hypervisor} setting.
 */
public interface Hypervisor {
    /** Service property naming the backend, such as {@code qemu}. */
    String NAME = "berth.hypervisor";

    /** The backend's short name, such as {@code qemu}. */
    String name();

    /** The accelerator this backend will use on this host. */
    Accelerator accelerator();

    /** Empty when usable here, else a sentence saying what is missing and how to fix it. */
    Optional<String> unavailableReason();

    /** Whether this backend can launch machines on this host. */
    default boolean available() {
        return unavailableReason().isEmpty();
    }

    /**
     * Launches a new machine.
     *
     * @throws IOException when the machine cannot be started; the message says why
     */
    Machine launch(MachineSpec spec) throws IOException;

    /**
     * Finds a machine launched earlier, possibly by a previous daemon, from the files in {@code spec.runDir()}.
     *
     * @return the machine when it still runs, else empty (stale files are removed)
     */
    Optional<Machine> reattach(MachineSpec spec) throws IOException;

    /**
     * Launches a machine that continues from a state that {@link Suspension#saveAndQuit} saved with an equal spec
     * (the same memory file and disks, unchanged since). Returns once the guest runs again.
     *
     * @throws IOException when the state cannot be restored (missing, corrupt or from another machine); no machine
     *                     is left running, and the caller should boot afresh
     */
    default Machine restore(MachineSpec spec, java.nio.file.Path stateFile) throws IOException {
        throw new IOException("the " + name() + " backend cannot restore a saved machine state");
    }
}
