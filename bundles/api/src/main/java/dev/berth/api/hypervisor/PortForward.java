package dev.berth.api.hypervisor;

/**
 * A host port forwarded to a guest port by a user-mode network.
 *
 * @param protocol    {@code tcp} or {@code udp}
 * @param hostAddress host address to listen on, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param hostPort    host port
 * @param guestPort   guest port on the guest's own address
 */
public record PortForward(Protocol protocol, String hostAddress, int hostPort, int guestPort) {
}
