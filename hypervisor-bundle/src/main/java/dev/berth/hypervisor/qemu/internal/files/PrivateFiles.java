package dev.berth.hypervisor.qemu.internal.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates the files QEMU writes under Berth's home before QEMU opens them, readable by the user only: QEMU creates
 * a file it does not find with the mode its umask leaves, which a daemon started by an older client does not set.
 */
public final class PrivateFiles {
    private PrivateFiles() {
    }

    /** Makes {@code file} exist with mode 0600 (an existing one keeps its content), and its folder exist. */
    public static Path prepare(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }
}
