package dev.berth.api.hypervisor;

import java.util.List;

/**
 * A network interface of the guest, backed by a user-mode network on the host.
 *
 * @param id       device id
 * @param mac      MAC address, fixed so the guest sees the same device on every boot
 * @param forwards host ports forwarded into the guest from launch on
 */
public record NicSpec(String id, String mac, List<PortForward> forwards) {
    /** Copies the forwards. */
    public NicSpec {
        forwards = List.copyOf(forwards);
    }
}
