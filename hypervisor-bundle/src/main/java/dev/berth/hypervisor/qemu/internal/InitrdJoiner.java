package dev.berth.hypervisor.qemu.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Joins several initrd archives into one file, each starting on a 512-byte boundary (the kernel skips the zeros). */
final class InitrdJoiner {
    private InitrdJoiner() {
    }

    /** The single initrd to boot with: the only one, a join of several into {@code target}, or null for none. */
    static Path join(List<Path> initrds, Path target) throws IOException {
        if (initrds.isEmpty()) return null;
        if (initrds.size() == 1) return initrds.getFirst();
        long written = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (Path part : initrds) {
                int pad = (int) ((512 - written % 512) % 512);
                out.write(new byte[pad]);
                written += pad + Files.copy(part, out);
            }
        }
        return target;
    }
}
