package dev.berth.api.vm;

import java.nio.file.Path;

/**
 * The ways the host reaches a guest service: a TCP endpoint on the host's loopback that accepts only mutual TLS,
 * and, when the guest offers it, a host Unix socket that leads to the same service with neither TLS nor the guest's
 * network (preferred: it is faster to connect through and needs no handshake).
 *
 * @param host       loopback address to connect to
 * @param port       port to connect to
 * @param caCert     PEM certificate of the authority that signed the server
 * @param clientCert PEM client certificate to present
 * @param clientKey  PEM private key of the client certificate (PKCS#8)
 * @param socket     a host Unix socket that speaks to the service in plain text, or null when there is none
 */
public record GuestEndpoint(String host, int port, Path caCert, Path clientCert, Path clientKey, Path socket) {
    /** An endpoint reachable over mutual TLS only. */
    public GuestEndpoint(String host, int port, Path caCert, Path clientCert, Path clientKey) {
        this(host, port, caCert, clientCert, clientKey, null);
    }

    /** This endpoint, also reachable through the host Unix socket {@code socket}. */
    public GuestEndpoint withSocket(Path socket) {
        return new GuestEndpoint(host, port, caCert, clientCert, clientKey, socket);
    }
}
