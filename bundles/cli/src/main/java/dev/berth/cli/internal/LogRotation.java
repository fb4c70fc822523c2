package dev.berth.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps one previous log file when the current one grows past a limit; the client applies it when it starts a
 * daemon, and the daemon applies the same limit to its log while it runs (see the platform's DaemonLogFile).
 */
final class LogRotation {
    private LogRotation() {
    }

    /** Moves {@code log} to {@code log.1} when it is larger than {@code limit} bytes. */
    static void rotate(Path log, long limit) throws IOException {
        if (Files.exists(log) && Files.size(log) > limit) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
