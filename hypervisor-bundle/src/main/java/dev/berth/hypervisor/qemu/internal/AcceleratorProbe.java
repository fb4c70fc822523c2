package dev.berth.hypervisor.qemu.internal;

import dev.berth.api.hypervisor.Accelerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Chooses KVM only where the CPU shows hardware virtualization and /dev/kvm is usable, and TCG otherwise. */
record AcceleratorProbe(Path kvmDevice, Path cpuinfo) {
    /** The probe of this host. */
    static AcceleratorProbe host() {
        return new AcceleratorProbe(Path.of("/dev/kvm"), Path.of("/proc/cpuinfo"));
    }

    /** The accelerator to use. */
    Accelerator choose() {
        return reasonAgainstKvm() == null ? Accelerator.KVM : Accelerator.TCG;
    }

    /** Why KVM is not used, or null when it is. */
    String reasonAgainstKvm() {
        if (!Files.exists(kvmDevice)) return kvmDevice + " does not exist";
        if (!Files.isReadable(kvmDevice) || !Files.isWritable(kvmDevice)) return kvmDevice + " is not accessible";
        try {
            String info = Files.readString(cpuinfo);
            boolean hardware = info.lines().filter(l -> l.startsWith("flags"))
                    .anyMatch(l -> l.matches(".*\\b(vmx|svm)\\b.*"));
            return hardware ? null : "the CPU shows no hardware virtualization (no vmx or svm flag)";
        } catch (IOException e) {
            return "cannot read " + cpuinfo;
        }
    }
}
