package dev.berth.platform.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Restricts files and folders to their owner. */
final class Permissions {
    private Permissions() {
    }

    /** Makes a folder {@code rwx------} or a file {@code rw-------}. */
    static void ownerOnly(Path path) throws IOException {
        String mode = Files.isDirectory(path) ? "rwx------" : "rw-------";
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }
}
