package dev.berth.api.network;

import java.time.Instant;

/**
 * A binding that is open on the host.
 *
 * @param owner   who asked for it, usually a container id
 * @param label   a human name for the owner, such as a container name
 * @param binding the binding
 * @param since   when it opened
 */
public record PublishedPort(String owner, String label, PortBinding binding, Instant since) {
}
