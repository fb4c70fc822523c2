package dev.berth.hypervisor.qemu.internal.block;

import dev.berth.api.hypervisor.DiskSpec;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import java.util.ArrayList;
import java.util.List;

/** The command-line arguments of the machine's disks: one virtio block device each, named by its id. */
public final class BlockDevices {
    private BlockDevices() {
    }

    /** A writable disk lets the guest give back freed blocks ({@code discard=unmap}); every disk is cached by the host. */
    public static List<String> arguments(List<DiskSpec> disks) {
        List<String> c = new ArrayList<>();
        for (DiskSpec d : disks) {
            c.addAll(List.of("-drive", "if=none,id=" + d.id() + ",file=" + QemuFiles.escape(d.path()) + ",format="
                    + d.format() + (d.readOnly() ? ",readonly=on" : ",discard=unmap") + ",cache=writeback"));
            c.addAll(List.of("-device", "virtio-blk-pci,drive=" + d.id() + ",serial=" + d.id()));
        }
        return c;
    }
}
