package dev.berth.cli.internal;

import java.io.IOException;
import java.nio.file.Path;

/** Finds the daemon jar of the installation this client belongs to. */
final class AppFiles {
    private AppFiles() {
    }

    /** The daemon jar {@code berth.jar} in the installation's lib folder ({@code berth.lib}, else beside this jar). */
    static Path daemonJar() throws IOException {
        return Installation.current().daemonJar();
    }
}
