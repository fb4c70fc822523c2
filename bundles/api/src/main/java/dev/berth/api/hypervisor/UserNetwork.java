package dev.berth.api.hypervisor;

import java.io.IOException;

/** A user-mode network that can forward host ports into the guest while the machine runs. */
public interface UserNetwork {
    /**
     * Starts forwarding a host port into the guest.
     *
     * @throws IOException when the host port cannot be bound; the message says why
     */
    void add(PortForward forward) throws IOException;

    /** Stops forwarding a host port; doing so for a port not forwarded is not an error. */
    void remove(PortForward forward) throws IOException;

    /** The forwards in place now, including those set up at launch. */
    java.util.List<PortForward> forwards() throws IOException;
}
