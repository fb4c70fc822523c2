package dev.berth.hypervisor.qemu.internal.virtiofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HotplugPortsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A trimmed answer of QEMU 7.2's query-pci: a disk on the root bus, a folder on hp0, hp1 empty. */
    private static final String QUERY_PCI = """
            [{"bus": 0, "devices": [
              {"bus": 0, "slot": 2, "function": 0, "qdev_id": "", "class_info": {"class": 256}},
              {"bus": 0, "slot": 4, "function": 0, "qdev_id": "hp0",
               "pci_bridge": {"bus": {"number": 1}, "devices": [{"bus": 1, "slot": 0, "qdev_id": "vfs-berth-aa"}]}},
              {"bus": 0, "slot": 5, "function": 0, "qdev_id": "hp1",
               "pci_bridge": {"bus": {"number": 2}, "devices": []}}]}]
            """;

    @Test
    void findsTheDevicesOnThePortsAndTheFirstFreePort() throws Exception {
        HotplugPorts ports = HotplugPorts.of(JSON.readTree(QUERY_PCI));
        assertTrue(ports.holds("vfs-berth-aa"));
        assertFalse(ports.holds("vfs-berth-bb"));
        assertEquals(Optional.of("hp1"), ports.free());
    }

    @Test
    void portsMissingFromTheAnswerCountAsFree() throws Exception {
        assertEquals(Optional.of("hp0"), HotplugPorts.of(JSON.readTree("[{\"bus\": 0, \"devices\": []}]")).free());
    }
}
