package dev.berth.api.hypervisor;

import java.nio.file.Path;

/**
 * A named byte-stream port in the guest (a virtio-serial port) backed by a Unix socket on the host.
 *
 * @param name   port name as the guest sees it, such as {@code org.qemu.guest_agent.0}
 * @param socket host Unix socket the hypervisor listens on
 */
public record ChannelSpec(String name, Path socket) {
}
