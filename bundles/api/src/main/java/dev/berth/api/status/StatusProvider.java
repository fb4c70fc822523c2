package dev.berth.api.status;

/**
 * A whiteboard service that each subsystem registers so that {@code berth status} can show it.
 *
 * <p>Implementations answer quickly from state they already hold; they never block on the guest.
 */
public interface StatusProvider {
    /** The subsystem's current status. */
    SubsystemStatus status();
}
