package dev.berth.cli.home;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Keeps Berth's home folder private: the folder and its parts {@code rwx------}, Berth's own files {@code rw-------}. */
public final class PrivateHome {
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final List<String> FOLDERS = List.of("run", "logs", "state", "images", "disks");

    private PrivateHome() {
    }

    /**
     * Creates the home folder and its folders owner-only, and takes away what other users may do with those that
     * exist and with the settings file and logs.
     *
     * @return the paths whose modes were tightened, empty when the home was private already
     */
    public static List<Path> prepare(Path root) throws IOException {
        List<Path> tightened = new ArrayList<>();
        Path parent = root.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        folder(root, tightened);
        for (String name : FOLDERS) folder(root.resolve(name), tightened);
        tighten(root.resolve("settings.json"), FILE, tightened);
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(root.resolve("logs"))) {
            for (Path log : logs) {
                if (Files.isRegularFile(log)) tighten(log, FILE, tightened);
            }
        }
        return tightened;
    }

    /** Makes a folder {@code rwx------} or a file (a socket too) {@code rw-------}. */
    public static void ownerOnly(Path path) throws IOException {
        Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
    }

    /** Creates an empty file only its owner may read and write, unless it exists. */
    public static void createFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (FileAlreadyExistsException e) {
            // a file that is there keeps its content; prepare() tightens its mode
        }
    }

    /** Replaces a file's content atomically with a file only its owner may read and write. */
    public static void write(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(FILE));
        Files.write(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void folder(Path dir, List<Path> tightened) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FOLDER));
        } catch (FileAlreadyExistsException e) {
            tighten(dir, FOLDER, tightened);
        }
    }

    private static void tighten(Path path, Set<PosixFilePermission> mode, List<Path> tightened) throws IOException {
        if (!Files.exists(path)) return;
        if (!OWNER.containsAll(Files.getPosixFilePermissions(path))) {
            Files.setPosixFilePermissions(path, mode);
            tightened.add(path);
        }
    }
}
