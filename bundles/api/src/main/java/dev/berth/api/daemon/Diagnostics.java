package dev.berth.api.daemon;

import java.io.IOException;

/** Makes the diagnostics zip a user sends with a bug report: Berth's logs, settings and status, secrets removed. */
public interface Diagnostics {
    /**
     * The zip's bytes: a README, the status, the settings in force and the settings file, the given documents and
     * the end of each log, each with passwords, tokens, keys and the request's secrets removed.
     */
    byte[] zip(DiagnosticsRequest request) throws IOException;
}
