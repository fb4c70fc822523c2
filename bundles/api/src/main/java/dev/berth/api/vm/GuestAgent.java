package dev.berth.api.vm;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Runs commands and housekeeping inside the guest. */
public interface GuestAgent {
    /**
     * Runs a program in the guest and waits for it.
     *
     * @param argv    program and arguments
     * @param timeout how long to wait before giving up
     * @throws IOException when the agent cannot be reached or the timeout passes
     */
    ExecResult exec(List<String> argv, Duration timeout) throws IOException;

    /** Steps the guest clock to the host's time. */
    void syncClock() throws IOException;
}
