package dev.berth.api.network;

import dev.berth.api.hypervisor.Protocol;

/**
 * One port a container asks to publish.
 *
 * @param protocol  tcp or udp
 * @param hostIp    host address to listen on; {@code 0.0.0.0} means every interface
 * @param hostPort  host port
 * @param guestPort port on the guest that leads to the container
 */
public record PortBinding(Protocol protocol, String hostIp, int hostPort, int guestPort) {
    /** Docker's notation, such as {@code 0.0.0.0:8080->8080/tcp}. */
    @Override
    public String toString() {
        return hostIp + ":" + hostPort + "->" + guestPort + "/" + protocol.id();
    }
}
