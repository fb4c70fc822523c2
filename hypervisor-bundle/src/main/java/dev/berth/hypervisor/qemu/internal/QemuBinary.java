package dev.berth.hypervisor.qemu.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the QEMU system emulator for this host's architecture. */
final class QemuBinary {
    private QemuBinary() {
    }

    /** Such as {@code qemu-system-x86_64}. */
    static String name() {
        String arch = System.getProperty("os.arch");
        return arch.equals("aarch64") ? "qemu-system-aarch64" : "qemu-system-x86_64";
    }

    /** The binary on the PATH, if any. */
    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/bin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name());
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
