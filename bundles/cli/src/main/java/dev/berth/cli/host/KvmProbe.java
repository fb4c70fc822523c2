package dev.berth.cli.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether KVM can run Berth's VM here: the device exists, the CPU shows hardware virtualization (vmx or svm) and
 * the user may open the device; the hypervisor chooses its accelerator by it and {@code berth doctor} reports it.
 *
 * @param device  the KVM device
 * @param cpuinfo the kernel's description of the CPUs
 */
public record KvmProbe(Path device, Path cpuinfo) {
    /** What keeps KVM from being used. */
    public enum Obstacle {
        /** The device does not exist. */
        NO_DEVICE,
        /** The CPU's flags show neither vmx nor svm. */
        NO_HARDWARE,
        /** The CPU description cannot be read. */
        NO_CPUINFO,
        /** The user may not read and write the device. */
        NO_ACCESS
    }

    /** The probe of this host. */
    public static KvmProbe host() {
        return new KvmProbe(Path.of("/dev/kvm"), Path.of("/proc/cpuinfo"));
    }

    /** What keeps KVM from being used, the most basic first, or empty when it can be used. */
    public Optional<Obstacle> obstacle() {
        if (!Files.exists(device)) return Optional.of(Obstacle.NO_DEVICE);
        try {
            boolean hardware = Files.readString(cpuinfo).lines().filter(l -> l.startsWith("flags"))
                    .anyMatch(l -> l.matches(".*\\b(vmx|svm)\\b.*"));
            if (!hardware) return Optional.of(Obstacle.NO_HARDWARE);
        } catch (IOException e) {
            return Optional.of(Obstacle.NO_CPUINFO);
        }
        if (!Files.isReadable(device) || !Files.isWritable(device)) return Optional.of(Obstacle.NO_ACCESS);
        return Optional.empty();
    }

    /** Why KVM is not used, in a few words, or empty when it is. */
    public Optional<String> reasonAgainstKvm() {
        return obstacle().map(o -> switch (o) {
            case NO_DEVICE -> device + " does not exist";
            case NO_HARDWARE -> "the CPU shows no hardware virtualization (no vmx or svm flag)";
            case NO_CPUINFO -> "cannot read " + cpuinfo;
            case NO_ACCESS -> device + " is not accessible";
        });
    }
}
