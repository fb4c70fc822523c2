package dev.berth.hypervisor.qemu.internal;

import dev.berth.api.hypervisor.Accelerator;
import dev.berth.api.hypervisor.ChannelSpec;
import dev.berth.api.hypervisor.DiskSpec;
import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.api.hypervisor.NicSpec;
import dev.berth.api.hypervisor.PortForward;
import dev.berth.api.hypervisor.SharedFolderSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns a machine spec into QEMU's command line; the same spec always gives the same line. */
final class QemuCommandLine {
    private QemuCommandLine() {
    }

    /**
     * The command line of a machine that daemonizes, writes its pid file and offers QMP on a Unix socket.
     *
     * <p>Spare PCIe root ports (without I/O space, which virtio devices do not use) let shared folders be
     * plugged in while the machine runs; folders shared from launch sit on the first ports. The byte channels'
     * device notifies QEMU synchronously ({@code ioeventfd=off}): with an event fd, a guest write to a port
     * sometimes stayed in QEMU until the guest wrote again (seen under TCG with QEMU 7.2 and Linux 6.1).
     *
     * @param initrd the single initrd to pass (the spec's initrds concatenated)
     */
    static List<String> of(MachineSpec spec, Path binary, Accelerator accelerator, Path initrd, QemuFiles files) {
        return of(spec, binary, accelerator, initrd, files, false);
    }

    /**
     * The command line, waiting for a saved state ({@code -incoming defer}) when {@code incoming}. Guest memory in
     * a file is mapped shared, so that a saved state leaves it out ({@code x-ignore-shared}) and a restore maps it
     * back instead of reading it.
     */
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
        if (spec.memoryFile() == null) {
            c.addAll(List.of("-object", "memory-backend-memfd,id=ram,size=" + spec.memoryMiB() + "M,share=on"));
        } else {
            c.addAll(List.of("-object", "memory-backend-file,id=ram,size=" + spec.memoryMiB() + "M,mem-path="
                    + escape(spec.memoryFile()) + ",share=on"));
        }
        c.addAll(List.of("-kernel", escape(spec.kernel())));
        if (initrd != null) c.addAll(List.of("-initrd", escape(initrd)));
        c.addAll(List.of("-append", spec.cmdline()));
        c.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none", "-vga", "none", "-no-reboot"));
        c.addAll(List.of("-chardev", "file,id=console,path=" + escape(spec.consoleLog()) + ",append=on",
                "-serial", "chardev:console"));
        c.addAll(List.of("-device", "virtio-rng-pci"));
        for (DiskSpec d : spec.disks()) {
            c.addAll(List.of("-drive", "if=none,id=" + d.id() + ",file=" + escape(d.path()) + ",format=" + d.format()
                    + (d.readOnly() ? ",readonly=on" : ",discard=unmap") + ",cache=writeback"));
            c.addAll(List.of("-device", "virtio-blk-pci,drive=" + d.id() + ",serial=" + d.id()));
        }
        for (NicSpec n : spec.nics()) {
            StringBuilder netdev = new StringBuilder("user,id=" + n.id());
            for (PortForward f : n.forwards()) netdev.append(",hostfwd=").append(SlirpNetwork.rule(f));
            c.addAll(List.of("-netdev", netdev.toString(), "-device", "virtio-net-pci,netdev=" + n.id() + ",mac=" + n.mac()));
        }
        if (!spec.channels().isEmpty()) c.addAll(List.of("-device", "virtio-serial-pci,id=vser,ioeventfd=off"));
        for (int i = 0; i < spec.channels().size(); i++) {
            ChannelSpec ch = spec.channels().get(i);
            c.addAll(List.of("-chardev", "socket,id=ch" + i + ",path=" + escape(ch.socket()) + ",server=on,wait=off",
                    "-device", "virtserialport,bus=vser.0,chardev=ch" + i + ",name=" + ch.name()));
        }
        for (int i = 0; i < HotplugPorts.COUNT; i++) {
            c.addAll(List.of("-device", "pcie-root-port,id=" + HotplugPorts.name(i) + ",chassis=" + (i + 1) + ",io-reserve=0"));
        }
        for (int i = 0; i < spec.sharedFolders().size(); i++) {
            SharedFolderSpec s = spec.sharedFolders().get(i);
            String id = AttachedFolder.deviceId(s.tag());
            c.addAll(List.of("-chardev", "socket,id=" + id + ",path=" + escape(files.virtiofsSocket(s.tag())),
                    "-device", "vhost-user-fs-pci,id=" + id + ",chardev=" + id + ",tag=" + s.tag()
                            + ",bus=" + HotplugPorts.name(i)));
        }
        c.addAll(List.of("-qmp", "unix:" + escape(files.qmpSocket()) + ",server=on,wait=off"));
        if (incoming) c.addAll(List.of("-incoming", "defer"));
        c.addAll(List.of("-pidfile", files.pidFile().toString(), "-daemonize"));
        return c;
    }

    /** A path as a QEMU option value: commas are doubled. */
    static String escape(Path path) {
        return path.toString().replace(",", ",,");
    }
}
