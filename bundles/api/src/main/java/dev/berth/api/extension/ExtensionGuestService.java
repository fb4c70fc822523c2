package dev.berth.api.extension;

/**
 * A guest service an extension bundle contributes: register it as a service (a DS component) and Berth runs its
 * {@link #container()} in the VM while the service is registered, starting it with the VM and removing it when the
 * bundle stops or is uninstalled. Unlike a {@link dev.berth.api.guest.GuestContribution}, it needs no new guest image
 * and no reboot. When it cannot run (the image is missing, the engine refuses it), {@code berth extension ls} gives
 * the reason.
 *
 * @since 1.4
 */
public interface ExtensionGuestService {
    /** The container to run; asked each time Berth creates it. */
    GuestContainer container();
}
