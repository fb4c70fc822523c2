package dev.berth.image.internal.build;

import static dev.berth.image.internal.build.Modes.S_IFDIR;
import static dev.berth.image.internal.build.Modes.S_IFLNK;
import static dev.berth.image.internal.build.Modes.S_IFREG;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The guest owner and full mode of each path of a staging folder, which a non-root host cannot set on disk. */
public final class FileMetadata {
    /**
     * Owner and mode of one path.
     *
     * @param uid  owner user id in the guest
     * @param gid  owner group id in the guest
     * @param mode full {@code st_mode}: file type bits and permission bits including setuid, setgid and sticky
     */
    public record Attributes(int uid, int gid, int mode) {
        /** The permission bits, setuid, setgid and sticky included. */
        public int permissions() {
            return mode & 07777;
        }
    }

    private final SortedMap<String, Attributes> entries = new TreeMap<>();

    /** Records the attributes of a guest path such as {@code /usr/bin/su}, replacing earlier ones. */
    public void put(String path, Attributes attributes) {
        entries.put(checked(path), attributes);
    }

    /** The attributes recorded for a guest path. */
    public Optional<Attributes> get(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    /** Every recorded path with its attributes, sorted by path. */
    public SortedMap<String, Attributes> entries() {
        return Collections.unmodifiableSortedMap(entries);
    }

    /**
     * A copy covering exactly the paths under {@code root}: the recorded permissions with the type found on disk, and
     * for paths never recorded, those of a recorded hard link to the same file, or else owner root and the mode found
     * on disk ({@code 0755} for the root folder itself).
     */
    public FileMetadata coveringTree(Path root) throws IOException {
        SortedMap<String, PosixFileAttributes> onDisk = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                onDisk.put("/" + root.relativize(path),
                        Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            }
        }
        Map<Object, Attributes> recordedByFile = new HashMap<>();
        onDisk.forEach((path, disk) -> {
            if (disk.isRegularFile() && entries.containsKey(path)) {
                recordedByFile.putIfAbsent(disk.fileKey(), entries.get(path));
            }
        });
        FileMetadata covered = new FileMetadata();
        for (Map.Entry<String, PosixFileAttributes> e : onDisk.entrySet()) {
            PosixFileAttributes disk = e.getValue();
            int type = disk.isDirectory() ? S_IFDIR
                    : disk.isSymbolicLink() ? S_IFLNK
                    : disk.isRegularFile() ? S_IFREG : 0;
            if (type == 0) {
                throw new IOException(root.resolve(e.getKey().substring(1)) + " is neither a file, a folder nor a "
                        + "symbolic link: remove it from the staging folder");
            }
            Attributes recorded = entries.get(e.getKey());
            if (recorded == null && disk.isRegularFile()) {
                recorded = recordedByFile.get(disk.fileKey());
            }
            covered.put(e.getKey(), recorded != null
                    ? new Attributes(recorded.uid(), recorded.gid(), type | recorded.permissions())
                    : new Attributes(0, 0, type | (e.getKey().equals("/") ? 0755 : Modes.bits(disk.permissions()))));
        }
        return covered;
    }

    /**
     * The {@code debugfs} commands that give every recorded path its owner and mode and sets its four timestamps to
     * {@code epochSeconds}, one command per line.
     */
    public String debugfsScript(long epochSeconds) {
        StringBuilder script = new StringBuilder();
        String time = "@" + epochSeconds;
        entries.forEach((path, a) -> {
            String sif = "sif \"" + path.replace("\"", "\"\"") + "\" ";
            for (String field : List.of("uid " + Integer.toUnsignedString(a.uid()),
                    "gid " + Integer.toUnsignedString(a.gid()), "mode 0" + Integer.toOctalString(a.mode()),
                    "atime " + time, "mtime " + time, "ctime " + time, "crtime " + time)) {
                script.append(sif).append(field).append('\n');
            }
        });
        return script.toString();
    }

    private static String checked(String path) {
        if (!path.startsWith("/") || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0 || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("guest path " + path.replace("\n", "\\n")
                    + " must start with / and hold no line break: rename the file in the package or staging folder");
        }
        return path;
    }
}
