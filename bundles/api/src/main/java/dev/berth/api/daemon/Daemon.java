package dev.berth.api.daemon;

import java.nio.file.Path;
import java.time.Instant;

/** The running Berth daemon. */
public interface Daemon {
    /** Berth's home folder ({@code BERTH_HOME}, by default {@code ~/.berth}). */
    Path home();

    /** Berth's version. */
    String version();

    /** Process id of the daemon. */
    long pid();

    /** When the daemon started. */
    Instant startedAt();

    /**
     * Stops the daemon in the background.
     *
     * @param stopVm whether the VM stops too; when false it keeps running for the next daemon to reattach
     */
    void shutdown(boolean stopVm);
}
