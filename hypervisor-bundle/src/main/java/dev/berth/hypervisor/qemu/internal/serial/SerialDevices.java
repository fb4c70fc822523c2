package dev.berth.hypervisor.qemu.internal.serial;

import dev.berth.api.hypervisor.ChannelSpec;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command-line arguments of the guest's serial console and of its byte channels (virtio-serial ports). */
public final class SerialDevices {
    private SerialDevices() {
    }

    /** The console, appended to a log file across boots. */
    public static List<String> console(Path log) {
        return List.of("-chardev", "file,id=console,path=" + QemuFiles.escape(log) + ",append=on",
                "-serial", "chardev:console");
    }

    /**
     * One port a channel, each behind a Unix socket QEMU listens on. The ports' device notifies QEMU synchronously
     * ({@code ioeventfd=off}): with an event fd, a guest write to a port sometimes stayed in QEMU until the guest
     * wrote again (seen under TCG with QEMU 7.2 and Linux 6.1).
     */
    public static List<String> channels(List<ChannelSpec> channels) {
        List<String> c = new ArrayList<>();
        if (!channels.isEmpty()) c.addAll(List.of("-device", "virtio-serial-pci,id=vser,ioeventfd=off"));
        for (int i = 0; i < channels.size(); i++) {
            ChannelSpec ch = channels.get(i);
            c.addAll(List.of("-chardev", "socket,id=ch" + i + ",path=" + QemuFiles.escape(ch.socket())
                            + ",server=on,wait=off",
                    "-device", "virtserialport,bus=vser.0,chardev=ch" + i + ",name=" + ch.name()));
        }
        return c;
    }
}
