package dev.berth.api.vm;

import java.util.Optional;

/**
 * The ways the host reaches services inside the running guest.
 *
 * <p>Empty answers mean the guest is not running.
 */
public interface GuestChannel {
    /**
     * Where the guest's Docker Engine listens, with the credentials needed to reach it, while the VM runs and while
     * it stops (so that the VM's {@link SaveParticipant}s can still use the engine).
     */
    Optional<GuestEndpoint> docker();

    /**
     * The engine for a client's request: a VM paused while idle is resumed first (the caller waits, it does not
     * fail), and the request counts as activity that keeps the VM awake; empty while the VM stops. Internal
     * housekeeping uses {@link #docker()}, which wakes nothing.
     */
    default Optional<GuestEndpoint> dockerForClient() {
        return docker();
    }

    /** The guest agent, for commands and housekeeping inside the guest. */
    Optional<GuestAgent> agent();
}
