package dev.berth.api.image;

/**
 * A member of an archive written for the guest: a folder when {@code content} is null, else a file.
 *
 * @param path    the path in the archive, such as {@code config/etc/docker/daemon.json}
 * @param mode    permission bits, such as {@code 0644}
 * @param content the file's bytes; null for a folder
 */
public record ArchiveEntry(String path, int mode, byte[] content) {
    /** A folder with its permission bits. */
    public static ArchiveEntry folder(String path, int mode) {
        return new ArchiveEntry(path, mode, null);
    }

    /** A file with its permission bits and bytes. */
    public static ArchiveEntry file(String path, int mode, byte[] content) {
        return new ArchiveEntry(path, mode, content.clone());
    }

    /** Whether this is a folder. */
    public boolean isFolder() {
        return content == null;
    }
}
