package dev.berth.hypervisor.qemu.internal.virtiofs;

import dev.berth.api.hypervisor.SharedFolderSpec;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import java.util.ArrayList;
import java.util.List;

/** The command-line arguments of the shared folders: spare root ports, and a vhost-user file system on the first ones. */
public final class FolderDevices {
    private FolderDevices() {
    }

    /**
     * Spare PCIe root ports (without I/O space, which virtio devices do not use) let shared folders be plugged in
     * while the machine runs; folders shared from launch sit on the first ports, each on its file server's socket.
     */
    public static List<String> arguments(List<SharedFolderSpec> folders, QemuFiles files) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < HotplugPorts.COUNT; i++) {
            c.addAll(List.of("-device", "pcie-root-port,id=" + HotplugPorts.name(i) + ",chassis=" + (i + 1)
                    + ",io-reserve=0"));
        }
        for (int i = 0; i < folders.size(); i++) {
            SharedFolderSpec s = folders.get(i);
            String id = AttachedFolder.deviceId(s.tag());
            c.addAll(List.of("-chardev", "socket,id=" + id + ",path=" + QemuFiles.escape(files.virtiofsSocket(s.tag())),
                    "-device", "vhost-user-fs-pci,id=" + id + ",chardev=" + id + ",tag=" + s.tag()
                            + ",bus=" + HotplugPorts.name(i)));
        }
        return c;
    }
}
