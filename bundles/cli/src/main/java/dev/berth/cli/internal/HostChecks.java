package dev.berth.cli.internal;

import dev.berth.cli.host.KvmProbe;
import dev.berth.cli.internal.Doctor.Finding;
import dev.berth.cli.internal.Doctor.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The host checks of {@code berth doctor}: hypervisor, accelerator, disk and image tools. */
final class HostChecks {
    private static final String APT = "sudo apt-get install --no-install-recommends ";

    private HostChecks() {
    }

    static Finding qemu() {
        Optional<Path> qemu = which("qemu-system-x86_64");
        return qemu.map(p -> new Finding(Level.OK, "QEMU at " + p, ""))
                .orElse(new Finding(Level.FAIL, "QEMU (qemu-system-x86_64) is not installed",
                        APT + "qemu-system-x86 qemu-utils"));
    }

    /** Whether KVM can be used, as the hypervisor decides it, with what to do when not. */
    static Finding kvm(KvmProbe probe) {
        Path device = probe.device();
        return probe.obstacle().map(o -> switch (o) {
            case NO_DEVICE -> new Finding(Level.WARN,
                    "no " + device + ": the VM runs under software emulation (TCG), which is slow",
                    "enable virtualization in the firmware, or run on a machine or VM with nested virtualization");
            case NO_HARDWARE, NO_CPUINFO -> new Finding(Level.WARN, device + " exists but the CPU shows no hardware"
                    + " virtualization (vmx/svm): the VM runs under software emulation (TCG), which is slow", "");
            case NO_ACCESS -> new Finding(Level.WARN, device + " is not accessible to you: the VM runs under TCG",
                    "sudo usermod -aG kvm $USER, then log in again");
        }).orElse(new Finding(Level.OK, "KVM hardware acceleration is available", ""));
    }

    static Finding diskSpace(Path home) {
        try {
            Path existing = home;
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            long free = Files.getFileStore(existing == null ? Path.of("/") : existing).getUsableSpace();
            long gib = free >> 30;
            if (gib < 2) return new Finding(Level.FAIL, gib + " GiB free for " + home, "free at least 10 GiB");
            if (gib < 10) return new Finding(Level.WARN, gib + " GiB free for " + home + "; images need room", "");
            return new Finding(Level.OK, gib + " GiB free for " + home, "");
        } catch (IOException e) {
            return new Finding(Level.WARN, "cannot check free space: " + e.getMessage(), "");
        }
    }

    /** The programs the guest image build needs. */
    static List<Finding> imageTools() {
        List<Finding> all = new ArrayList<>();
        all.add(tool("apt-get", "apt", "Berth downloads the guest's Debian packages with apt-get"));
        all.add(tool("mke2fs", "e2fsprogs", "e2fsprogs builds the guest's disks"));
        all.add(tool("debugfs", "e2fsprogs", "e2fsprogs builds the guest's disks"));
        all.add(tool("depmod", "kmod", "depmod indexes the guest kernel's modules"));
        return all;
    }

    private static Finding tool(String name, String pkg, String why) {
        return which(name).map(p -> new Finding(Level.OK, name + " at " + p, ""))
                .orElse(new Finding(Level.FAIL, name + " is missing: " + why, APT + pkg));
    }

    static Optional<Path> which(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
