package dev.berth.network.internal.relay;

/**
 * The bytes of a TCP stream the guest has sent and the host has not yet credited back, which the guest's credit
 * window bounds: a stream whose guest side goes past it is closed rather than buffered. Used on the relay's loop.
 */
final class GuestWindow {
    /** Why such a stream is closed. */
    static final String EXCEEDED = "the guest sent more than the " + Frames.WINDOW + " bytes of credit it was granted";
    private long owed;

    /** Counts {@code bytes} more from the guest; false when that goes past the window. */
    boolean receive(int bytes) {
        owed += bytes;
        return owed <= Frames.WINDOW;
    }

    /** Counts {@code bytes} credited back to the guest. */
    void credited(long bytes) {
        owed -= bytes;
    }
}
