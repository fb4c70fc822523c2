package dev.berth.api.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a hypervisor needs to launch a machine; equal specs describe the same machine.
 *
 * @param name          machine name, used in process titles and logs
 * @param kernel        the guest kernel
 * @param initrds       initial RAM disks, concatenated in this order
 * @param cmdline       kernel command line
 * @param cpus          virtual CPUs
 * @param memoryMiB     guest memory in MiB
 * @param disks         block devices in order (the first is {@code vda})
 * @param nics          network interfaces
 * @param sharedFolders host folders offered to the guest
 * @param channels      byte-stream channels between host and guest
 * @param runDir        folder for the machine's pid file and control sockets
 * @param consoleLog    file receiving the guest's serial console
 * @param memoryFile    a file holding the guest's memory, so that a saved state need not copy it; null keeps the
 *                      memory anonymous
 */
public record MachineSpec(String name, Path kernel, List<Path> initrds, String cmdline, int cpus, int memoryMiB,
                          List<DiskSpec> disks, List<NicSpec> nics, List<SharedFolderSpec> sharedFolders,
                          List<ChannelSpec> channels, Path runDir, Path consoleLog, Path memoryFile) {
    /** Checks the components and copies the lists. */
    public MachineSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(runDir, "runDir");
        if (cpus < 1) throw new IllegalArgumentException("cpus must be at least 1, was " + cpus);
        if (memoryMiB < 128) throw new IllegalArgumentException("memoryMiB must be at least 128, was " + memoryMiB);
        initrds = List.copyOf(initrds);
        cmdline = cmdline == null ? "" : cmdline;
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
        sharedFolders = List.copyOf(sharedFolders);
        channels = List.copyOf(channels);
    }

    /** A spec with anonymous guest memory. */
    public MachineSpec(String name, Path kernel, List<Path> initrds, String cmdline, int cpus, int memoryMiB,
                       List<DiskSpec> disks, List<NicSpec> nics, List<SharedFolderSpec> sharedFolders,
                       List<ChannelSpec> channels, Path runDir, Path consoleLog) {
        this(name, kernel, initrds, cmdline, cpus, memoryMiB, disks, nics, sharedFolders, channels, runDir, consoleLog,
                null);
    }
}
