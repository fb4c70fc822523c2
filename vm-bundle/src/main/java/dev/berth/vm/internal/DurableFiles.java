package dev.berth.vm.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the VM bundle's state files private (0600) and atomically, and forces files to disk before they are relied on. */
final class DurableFiles {
    private DurableFiles() {
    }

    /** Replaces {@code file} with {@code bytes}: a reader sees the old or the new content, also after a power loss. */
    static void write(Path file, byte[] bytes) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        sync(file.getParent());
    }

    /** Forces {@code path} (a file, or a folder's entries) to disk. */
    static void sync(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Makes an existing {@code file} private. */
    static void makePrivate(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Removes {@code file}, and its name from the folder on disk. */
    static void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) sync(file.getParent());
    }
}
