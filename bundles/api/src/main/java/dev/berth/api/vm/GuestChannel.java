package dev.berth.api.vm;

import java.util.Optional;

/**
 * The ways the host reaches services inside the running guest.
 *
 * <p>Empty answers mean the guest is not running. The constants name the guest's virtio-serial ports, which the
 * VM's machine offers and the bundles that serve them look up by name in its {@code MachineSpec}.
 */
public interface GuestChannel {
    /** The port of the QEMU guest agent. */
    String AGENT_CHANNEL = "org.qemu.guest_agent.0";
    /** The port of the guest's fsevents service, which replays host file changes (served by berth.filesharing). */
    String FS_EVENTS_CHANNEL = "dev.berth.fsevents.0";
    /** The port of the guest's portd, which carries published ports' connections (served by berth.network). */
    String PORTS_CHANNEL = "dev.berth.ports.0";

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

    /**
     * Client connections to the engine are open (a request still waiting for its answer, a stream being followed):
     * the VM stays awake, and one paused while idle is resumed. Called again every few seconds while they are.
     */
    default void clientsConnected() {
    }

    /** The guest agent, for commands and housekeeping inside the guest. */
    Optional<GuestAgent> agent();
}
