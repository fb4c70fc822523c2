package dev.berth.hypervisor.qemu.internal.virtiofs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.hypervisor.qemu.internal.qmp.QmpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The spare PCIe root ports that shared folders are plugged into, and which device sits on each. */
public final class HotplugPorts {
    /** How many ports every machine gets; it bounds the shared folders attached at once. */
    public static final int COUNT = 8;
    private final Map<String, List<String>> devicesByPort;

    private HotplugPorts(Map<String, List<String>> devicesByPort) {
        this.devicesByPort = devicesByPort;
    }

    /** The QEMU id of port {@code i}. */
    static String name(int i) {
        return "hp" + i;
    }

    /** Asks QEMU which devices sit on the ports. */
    static HotplugPorts query(QmpClient qmp, Duration timeout) throws IOException {
        return of(qmp.execute("query-pci", Map.of(), timeout));
    }

    /** Reads the answer of QMP {@code query-pci}. */
    static HotplugPorts of(JsonNode queryPci) {
        Map<String, List<String>> byPort = new LinkedHashMap<>();
        for (int i = 0; i < COUNT; i++) byPort.put(name(i), new ArrayList<>());
        for (JsonNode bus : queryPci) {
            for (JsonNode device : bus.path("devices")) {
                List<String> held = byPort.get(device.path("qdev_id").asText());
                if (held == null) continue;
                for (JsonNode child : device.path("pci_bridge").path("devices")) held.add(child.path("qdev_id").asText());
            }
        }
        return new HotplugPorts(byPort);
    }

    /** The first port with nothing on it. */
    Optional<String> free() {
        return devicesByPort.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).findFirst();
    }

    /** Whether a device with this id sits on one of the ports. */
    boolean holds(String deviceId) {
        return devicesByPort.values().stream().anyMatch(l -> l.contains(deviceId));
    }
}
