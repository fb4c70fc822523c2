package dev.berth.hypervisor.qemu.internal.net;

import dev.berth.api.hypervisor.NicSpec;
import dev.berth.api.hypervisor.PortForward;
import java.util.ArrayList;
import java.util.List;

/** The command-line arguments of the machine's network cards: a user-mode (slirp) network behind each virtio card. */
public final class NetDevices {
    private NetDevices() {
    }

    /** Each card's forwards from launch are {@code hostfwd} rules of its network; later ones go through QMP. */
    public static List<String> arguments(List<NicSpec> nics) {
        List<String> c = new ArrayList<>();
        for (NicSpec n : nics) {
            StringBuilder netdev = new StringBuilder("user,id=" + n.id());
            for (PortForward f : n.forwards()) netdev.append(",hostfwd=").append(SlirpNetwork.rule(f));
            c.addAll(List.of("-netdev", netdev.toString(),
                    "-device", "virtio-net-pci,netdev=" + n.id() + ",mac=" + n.mac()));
        }
        return c;
    }
}
