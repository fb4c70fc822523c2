package dev.berth.api.guest;

import java.util.List;
import java.util.Map;

/**
 * A bundle's part of the guest, registered as a service: the VM bundle gathers every contribution, the image bundle
 * builds them into the guest's image and the VM bundle gives their dockerd settings at each boot, so a bundle with a
 * guest half (a daemon, an agent, dockerd settings) owns it.
 */
public interface GuestContribution {
    /** Files added to the guest's read-only system image; read when the image is assembled. */
    default List<GuestFile> files() {
        return List.of();
    }

    /** Services init starts at boot and restarts when they exit. */
    default List<GuestService> services() {
        return List.of();
    }

    /**
     * Keys merged into dockerd's {@code daemon.json}, asked at every boot (so they may follow settings); values are
     * what JSON holds: strings, numbers, booleans, lists and maps. A key two contributions set is an error.
     *
     * @throws IllegalStateException when the keys cannot be given now (the message says why; the boot fails)
     */
    default Map<String, Object> daemonJson() {
        return Map.of();
    }

    /** Kernel modules, by name (such as {@code vsock}), put into the image with their dependencies and loaded at boot. */
    default List<String> kernelModules() {
        return List.of();
    }
}
