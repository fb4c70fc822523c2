package dev.berth.hypervisor.qemu.internal.memory;

import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import java.util.List;

/** The command-line arguments of the guest's memory: an anonymous shared memfd, or the spec's file mapped shared. */
public final class MemoryDevices {
    private MemoryDevices() {
    }

    /**
     * Guest memory in a file is mapped shared, so that a saved state leaves it out ({@code x-ignore-shared}) and a
     * restore maps it back instead of reading it.
     */
    public static List<String> arguments(MachineSpec spec) {
        String size = "size=" + spec.memoryMiB() + "M";
        if (spec.memoryFile() == null) {
            return List.of("-object", "memory-backend-memfd,id=ram," + size + ",share=on");
        }
        return List.of("-object", "memory-backend-file,id=ram," + size + ",mem-path="
                + QemuFiles.escape(spec.memoryFile()) + ",share=on");
    }
}
