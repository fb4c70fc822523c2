package dev.berth.api.network;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reaches Unix stream sockets inside the running guest from the host, over a channel that needs neither the
 * guest's network nor TLS (Berth reaches the guest's Docker Engine API socket this way).
 */
public interface GuestSockets {
    /**
     * A host Unix socket, readable and writable by its owner only, whose every connection is carried to the Unix
     * socket {@code guestPath} in the guest. It stays across VM restarts; while no VM offers the channel a
     * connection is accepted and closed at once. Asking again for the same path returns the same socket.
     *
     * @param guestPath an absolute socket path in the guest, such as {@code /var/run/docker.sock}
     * @throws IOException when the host socket cannot be made
     */
    Path forward(String guestPath) throws IOException;

    /** Whether the running VM offers the channel; false while no VM runs or it was started without it. */
    boolean available();
}
