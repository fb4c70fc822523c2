package dev.berth.image.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleClosureTest {
    /** Lines of the modules.dep that depmod made for Debian 12's linux-image-6.1.0-56-cloud-amd64. */
    private static final String MODULES_DEP = """
            kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
            kernel/drivers/virtio/virtio_ring.ko:
            kernel/drivers/virtio/virtio_pci_modern_dev.ko:
            kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
            kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_legacy_dev.ko \
            kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
            kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
            kernel/fs/overlayfs/overlay.ko:
            kernel/net/vmw_vsock/vsock.ko:
            kernel/net/vmw_vsock/vmw_vsock_virtio_transport_common.ko: kernel/net/vmw_vsock/vsock.ko
            kernel/net/vmw_vsock/vmw_vsock_virtio_transport.ko: kernel/net/vmw_vsock/vmw_vsock_virtio_transport_common.ko \
            kernel/net/vmw_vsock/vsock.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
            kernel/drivers/hid/hid-generic.ko.xz: kernel/drivers/hid/hid.ko.zst
            kernel/drivers/hid/hid.ko.zst:
            """;

    @TempDir
    Path dir;
    private ModuleClosure closure;

    @BeforeEach
    void modulesFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("lib/modules/6.1.0-56-cloud-amd64"));
        Files.writeString(folder.resolve("modules.dep"), MODULES_DEP);
        Files.writeString(folder.resolve("modules.builtin"), "kernel/fs/ext4/ext4.ko\nkernel/crypto/crc32c_generic.ko\n");
        closure = ModuleClosure.read(folder);
    }

    @Test
    void ordersDependenciesLikeModprobe() {
        // modprobe -d ... --show-depends virtio_pci printed: virtio_ring, virtio, modern_dev, legacy_dev, virtio_pci
        assertEquals(List.of("kernel/drivers/virtio/virtio_ring.ko", "kernel/drivers/virtio/virtio.ko",
                "kernel/drivers/virtio/virtio_pci_modern_dev.ko", "kernel/drivers/virtio/virtio_pci_legacy_dev.ko",
                "kernel/drivers/virtio/virtio_pci.ko"), closure.loadOrder(List.of("virtio_pci")));
    }

    @Test
    void loadsEachModuleOnceAndAcceptsDashes() {
        List<String> order = closure.loadOrder(List.of("virtio-pci", "virtio_blk", "overlay",
                "vmw_vsock_virtio_transport", "hid-generic", "ext4"));
        assertEquals(List.of("kernel/drivers/virtio/virtio_ring.ko", "kernel/drivers/virtio/virtio.ko",
                "kernel/drivers/virtio/virtio_pci_modern_dev.ko", "kernel/drivers/virtio/virtio_pci_legacy_dev.ko",
                "kernel/drivers/virtio/virtio_pci.ko", "kernel/drivers/block/virtio_blk.ko",
                "kernel/fs/overlayfs/overlay.ko", "kernel/net/vmw_vsock/vsock.ko",
                "kernel/net/vmw_vsock/vmw_vsock_virtio_transport_common.ko",
                "kernel/net/vmw_vsock/vmw_vsock_virtio_transport.ko", "kernel/drivers/hid/hid.ko.zst",
                "kernel/drivers/hid/hid-generic.ko.xz"), order);
    }

    @Test
    void knowsBuiltInModules() {
        assertTrue(closure.builtin("ext4"));
        assertTrue(closure.builtin("crc32c-generic"));
        assertFalse(closure.builtin("overlay"));
        assertEquals(List.of(), closure.loadOrder(List.of("ext4")));
    }

    @Test
    void namesAMissingModule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> closure.loadOrder(List.of("overlay", "9pnet_virtio")));
        assertTrue(e.getMessage().startsWith("kernel module 9pnet_virtio is neither in modules.dep nor in modules.builtin"),
                e.getMessage());
    }

    @Test
    void explainsHowToMakeAMissingModulesDep() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("k/lib/modules/6.1.0-56-cloud-amd64"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ModuleClosure.read(folder));
        assertTrue(e.getMessage().contains("depmod -b " + dir.resolve("k") + " 6.1.0-56-cloud-amd64"), e.getMessage());
    }
}
