package dev.berth.api.vm;

import java.nio.file.Path;

/**
 * A TCP endpoint on the host's loopback that leads to a guest service and accepts only mutual TLS.
 *
 * @param host       loopback address to connect to
 * @param port       port to connect to
 * @param caCert     PEM certificate of the authority that signed the server
 * @param clientCert PEM client certificate to present
 * @param clientKey  PEM private key of the client certificate (PKCS#8)
 */
public record GuestEndpoint(String host, int port, Path caCert, Path clientCert, Path clientKey) {
}
