package dev.berth.api.extension;

/** Where an installed extension bundle stands. */
public enum ExtensionState {
    /** Started, and every component it declares is active or waiting for a service it may use. */
    ACTIVE,
    /** Being installed, updated or started. */
    STARTING,
    /** It cannot run: an import no bundle offers, an exception in its activator or a component's activate. */
    FAILED,
    /** Installed and stopped by someone on purpose. */
    STOPPED
}
