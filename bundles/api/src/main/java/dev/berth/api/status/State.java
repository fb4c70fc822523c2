package dev.berth.api.status;

/** The lifecycle state that every Berth subsystem reports. */
public enum State {
    /** Not running, and not asked to run. */
    STOPPED,
    /** Asked to run and on its way. */
    STARTING,
    /** Running and ready for use. */
    RUNNING,
    /** Asked to stop and on its way. */
    STOPPING,
    /** Stopped by an error; the detail says which. */
    FAILED,
    /** Switched off by settings. */
    DISABLED
}
