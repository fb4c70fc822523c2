package dev.berth.filesharing.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

/**
 * What a host change can alter about a path, except its ctime: replaying a change in the guest (setting the
 * mode it already has) alters only the ctime, so an unchanged state tells Berth's own echo from a real change.
 *
 * @param mode    permission bits
 * @param file    whether it is a regular file
 * @param link    whether it is a symlink
 * @param size    size in bytes
 * @param mtime   modification time
 * @param owner   uid and gid
 */
record FileState(int mode, boolean file, boolean link, long size, FileTime mtime, long owner) {
    /** The state of a path, not following a final symlink; empty when it does not exist. */
    static Optional<FileState> of(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path,
                    "unix:mode,isRegularFile,isSymbolicLink,size,lastModifiedTime,uid,gid", LinkOption.NOFOLLOW_LINKS);
            long owner = ((Integer) a.get("uid")).longValue() << 32 | ((Integer) a.get("gid")) & 0xffffffffL;
            return Optional.of(new FileState((Integer) a.get("mode") & 07777, (Boolean) a.get("isRegularFile"),
                    (Boolean) a.get("isSymbolicLink"), (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"), owner));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
