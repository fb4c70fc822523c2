package dev.berth.api.vm;

import java.util.Optional;

/**
 * The ways the host reaches services inside the running guest.
 *
 * <p>Empty answers mean the guest is not running.
 */
public interface GuestChannel {
    /** Where the guest's Docker Engine listens, with the credentials needed to reach it. */
    Optional<GuestEndpoint> docker();

    /** The guest agent, for commands and housekeeping inside the guest. */
    Optional<GuestAgent> agent();
}
