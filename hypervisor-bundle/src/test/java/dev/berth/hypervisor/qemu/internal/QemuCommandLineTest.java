package dev.berth.hypervisor.qemu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.hypervisor.Accelerator;
import dev.berth.api.hypervisor.ChannelSpec;
import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.api.hypervisor.SharedFolderSpec;
import dev.berth.api.vm.GuestChannel;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import dev.berth.hypervisor.qemu.internal.virtiofs.HotplugPorts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuCommandLineTest {
    private static final Path RUN = Path.of("/run/berth/vm");

    private static List<String> line(List<SharedFolderSpec> folders) {
        MachineSpec spec = new MachineSpec("berth", Path.of("/k"), List.of(), "console=ttyS0", 2, 1024, List.of(),
                List.of(), folders, List.of(), RUN, Path.of("/log"));
        return QemuCommandLine.of(spec, Path.of("/usr/bin/qemu-system-x86_64"), Accelerator.TCG, null, new QemuFiles(RUN));
    }

    @Test
    void everyMachineGetsHotplugPortsWithoutIoSpace() {
        List<String> c = line(List.of());
        for (int i = 0; i < HotplugPorts.COUNT; i++) {
            assertTrue(c.contains("pcie-root-port,id=hp" + i + ",chassis=" + (i + 1) + ",io-reserve=0"), c.toString());
        }
        assertTrue(c.contains("memory-backend-memfd,id=ram,size=1024M,share=on"), "vhost-user needs shared guest RAM");
    }

    @Test
    void foldersSharedFromLaunchSitOnTheFirstPortsAfterThePortsExist() {
        List<String> c = line(List.of(new SharedFolderSpec("berth-aa", Path.of("/home/a"), false),
                new SharedFolderSpec("berth-bb", Path.of("/tmp"), false)));
        assertTrue(c.contains("socket,id=vfs-berth-bb,path=/run/berth/vm/vfs-berth-bb.sock"), c.toString());
        int device = c.indexOf("vhost-user-fs-pci,id=vfs-berth-bb,chardev=vfs-berth-bb,tag=berth-bb,bus=hp1");
        int port = c.indexOf("pcie-root-port,id=hp1,chassis=2,io-reserve=0");
        assertTrue(device > port && port > 0, c.toString());
    }

    @Test
    void channelsAreNotifiedWithoutAnEventFd() {
        MachineSpec spec = new MachineSpec("berth", Path.of("/k"), List.of(), "", 1, 512, List.of(), List.of(), List.of(),
                List.of(new ChannelSpec(GuestChannel.FS_EVENTS_CHANNEL, RUN.resolve("fsevents.sock"))), RUN, Path.of("/log"));
        List<String> c = QemuCommandLine.of(spec, Path.of("/q"), Accelerator.TCG, null, new QemuFiles(RUN));
        assertTrue(c.contains("virtio-serial-pci,id=vser,ioeventfd=off"), c.toString());
        assertTrue(c.contains("virtserialport,bus=vser.0,chardev=ch0,name=dev.berth.fsevents.0"), c.toString());
    }

    @Test
    void guestMemoryInAFileIsMappedSharedAndARestoreWaitsForItsState() {
        MachineSpec spec = new MachineSpec("berth", Path.of("/k"), List.of(), "", 1, 512, List.of(), List.of(), List.of(),
                List.of(), RUN, Path.of("/log"), Path.of("/home/me/.berth/state/vm/memory.img"));
        List<String> cold = QemuCommandLine.of(spec, Path.of("/q"), Accelerator.TCG, null, new QemuFiles(RUN));
        assertTrue(cold.contains("memory-backend-file,id=ram,size=512M,mem-path=/home/me/.berth/state/vm/memory.img,share=on"),
                cold.toString());
        assertTrue(!cold.contains("-incoming"));
        List<String> restore = QemuCommandLine.of(spec, Path.of("/q"), Accelerator.TCG, null, new QemuFiles(RUN), true);
        int incoming = restore.indexOf("-incoming");
        assertTrue(incoming > 0 && restore.get(incoming + 1).equals("defer"), restore.toString());
        List<String> withoutFlag = new java.util.ArrayList<>(restore);
        withoutFlag.remove(incoming);
        withoutFlag.remove(incoming);
        assertEquals(cold, withoutFlag, "a restore launches the very machine that was saved");
    }

    @Test
    void theSameSpecGivesTheSameLine() {
        assertEquals(line(List.of()), line(List.of()));
    }
}
