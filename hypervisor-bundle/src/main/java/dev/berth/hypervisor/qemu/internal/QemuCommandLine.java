package dev.berth.hypervisor.qemu.internal;

import dev.berth.api.hypervisor.Accelerator;
import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.hypervisor.qemu.internal.block.BlockDevices;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import dev.berth.hypervisor.qemu.internal.memory.MemoryDevices;
import dev.berth.hypervisor.qemu.internal.migration.SavedStates;
import dev.berth.hypervisor.qemu.internal.net.NetDevices;
import dev.berth.hypervisor.qemu.internal.qmp.QmpClient;
import dev.berth.hypervisor.qemu.internal.serial.SerialDevices;
import dev.berth.hypervisor.qemu.internal.virtiofs.FolderDevices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a machine spec into QEMU's command line, the machine's own options here and each device's from its package;
 * the same spec always gives the same line.
 */
final class QemuCommandLine {
    private QemuCommandLine() {
    }

    /**
     * The command line of a machine that daemonizes, writes its pid file and offers QMP on a Unix socket.
     *
     * @param initrd the single initrd to pass (the spec's initrds concatenated)
     */
    static List<String> of(MachineSpec spec, Path binary, Accelerator accelerator, Path initrd, QemuFiles files) {
        return of(spec, binary, accelerator, initrd, files, false);
    }

    /** The command line, waiting for a saved state ({@code -incoming defer}) when {@code incoming}. */
    static List<String> of(MachineSpec spec, Path binary, Accelerator accelerator, Path initrd, QemuFiles files,
                           boolean incoming) {
        List<String> c = new ArrayList<>();
        c.add(binary.toString());
        c.addAll(List.of("-name", spec.name() + ",process=berth-" + spec.name()));
        c.addAll(List.of("-machine", "q35,memory-backend=ram"));
        if (accelerator == Accelerator.KVM) {
            c.addAll(List.of("-accel", "kvm", "-cpu", "host"));
        } else {
            // One thread for all vCPUs: with a thread per vCPU, a vCPU can run code another has just rewritten
            // (the guest kernel patches itself whenever a static key flips) and the guest dies on a stray int3.
            c.addAll(List.of("-accel", "tcg,thread=single,tb-size=512", "-cpu", "max"));
        }
        c.addAll(List.of("-smp", Integer.toString(spec.cpus()), "-m", spec.memoryMiB() + "M"));
        c.addAll(MemoryDevices.arguments(spec));
        c.addAll(List.of("-kernel", QemuFiles.escape(spec.kernel())));
        if (initrd != null) c.addAll(List.of("-initrd", QemuFiles.escape(initrd)));
        c.addAll(List.of("-append", spec.cmdline()));
        c.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none", "-vga", "none", "-no-reboot"));
        c.addAll(SerialDevices.console(spec.consoleLog()));
        c.addAll(List.of("-device", "virtio-rng-pci"));
        c.addAll(BlockDevices.arguments(spec.disks()));
        c.addAll(NetDevices.arguments(spec.nics()));
        c.addAll(SerialDevices.channels(spec.channels()));
        c.addAll(FolderDevices.arguments(spec.sharedFolders(), files));
        c.addAll(QmpClient.arguments(files.qmpSocket()));
        if (incoming) c.addAll(SavedStates.incomingArguments());
        c.addAll(List.of("-pidfile", files.pidFile().toString(), "-daemonize"));
        return c;
    }
}
