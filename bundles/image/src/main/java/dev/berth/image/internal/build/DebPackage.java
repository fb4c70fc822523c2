package dev.berth.image.internal.build;

import static dev.berth.image.internal.build.Modes.S_IFDIR;
import static dev.berth.image.internal.build.Modes.S_IFLNK;
import static dev.berth.image.internal.build.Modes.S_IFREG;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** A Debian binary package file, read without dpkg: its control fields, and its files unpacked like {@code dpkg -x}. */
public final class DebPackage {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /**
     * The fields of the package's {@code control} file that building an image needs; absent fields are empty.
     *
     * @param name         {@code Package}
     * @param version      {@code Version}
     * @param architecture {@code Architecture}
     * @param depends      {@code Depends}
     * @param preDepends   {@code Pre-Depends}
     * @param provides     {@code Provides}
     */
    public record Control(String name, String version, String architecture, String depends, String preDepends,
            String provides) {
    }

    private interface TarReader<T> {
        T read(TarArchiveInputStream tar) throws IOException;
    }

    private final Path file;

    /** A package stored in {@code file}; nothing is read yet. */
    public DebPackage(Path file) {
        this.file = file;
    }

    /** Reads the control fields from {@code control.tar}'s {@code ./control}. */
    public Control control() throws IOException {
        String text = withTar("control.tar", tar -> {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().equals("./control") || e.getName().equals("control")) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            throw new IOException(file + " has no control file in control.tar: the package is damaged; "
                    + "download it again");
        });
        Map<String, String> fields = parseFields(text);
        for (String required : List.of("Package", "Version", "Architecture")) {
            if (fields.getOrDefault(required, "").isEmpty()) {
                throw new IOException(file + " has no " + required + " field in its control file: "
                        + "the package is damaged");
            }
        }
        return new Control(fields.get("Package"), fields.get("Version"), fields.get("Architecture"),
                fields.getOrDefault("Depends", ""), fields.getOrDefault("Pre-Depends", ""),
                fields.getOrDefault("Provides", ""));
    }

    /** The fields of a deb822 stanza; continuation lines are joined to their field with a newline. */
    static Map<String, String> parseFields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\n")) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                fields.merge(last, "\n" + line.strip(), String::concat);
            } else if (line.indexOf(':') > 0) {
                last = line.substring(0, line.indexOf(':'));
                fields.put(last, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return fields;
    }

    /**
     * Unpacks {@code data.tar} into {@code staging} and records each path's owner and full mode in {@code metadata}.
     * Files replace those of packages unpacked before, as with dpkg. Symbolic links met on the way are followed as
     * the guest would, inside {@code staging}, so nothing is ever written outside it. On disk, files keep their
     * permission bits (plus owner read) and folders get owner {@code rwx} so later packages can write into them.
     */
    public void extract(Path staging, FileMetadata metadata) throws IOException {
        StagingFolder folder = new StagingFolder(staging);
        withTar("data.tar", tar -> {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                unpack(folder, tar, e, metadata);
            }
            return null;
        });
    }

    private void unpack(StagingFolder folder, InputStream content, TarArchiveEntry e, FileMetadata metadata)
            throws IOException {
        List<String> parts = safeParts(e.getName());
        int uid = (int) e.getLongUserId();
        int gid = (int) e.getLongGroupId();
        int permissions = e.getMode() & 07777;
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            throw new IOException(file + " holds the device or pipe " + e.getName()
                    + ", which a staging folder cannot hold: leave this package out");
        }
        if (parts.isEmpty() && !e.isDirectory()) {
            throw new IOException(file + " holds a non-folder named " + e.getName()
                    + ", which would replace the root folder: the package is damaged, do not use it");
        }
        Path target = folder.resolve(parts, e.isDirectory());
        String guestPath = folder.guestPath(target);
        if (e.isDirectory()) {
            if (!Files.isDirectory(target, NOFOLLOW)) {
                clear(target, e);
                Files.createDirectories(target);
            }
            if (!folder.isRoot(target)) {
                Files.setPosixFilePermissions(target, Modes.permissions(permissions | 0700));
            }
            metadata.put(guestPath, new FileMetadata.Attributes(uid, gid, S_IFDIR | permissions));
            return;
        }
        clear(target, e);
        Files.createDirectories(target.getParent());
        if (e.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            metadata.put(guestPath, new FileMetadata.Attributes(uid, gid, S_IFLNK | 0777));
        } else if (e.isLink()) {
            Path existing = folder.resolve(safeParts(e.getLinkName()), false);
            if (!Files.isRegularFile(existing, NOFOLLOW)) {
                throw new IOException(file + ": hard link " + e.getName() + " points to " + e.getLinkName()
                        + ", which is not a file unpacked before it: the package is damaged");
            }
            Files.createLink(target, existing);
            metadata.put(guestPath, new FileMetadata.Attributes(uid, gid, S_IFREG | permissions));
        } else {
            Files.copy(content, target);
            Files.setPosixFilePermissions(target, Modes.permissions(permissions | 0400));
            metadata.put(guestPath, new FileMetadata.Attributes(uid, gid, S_IFREG | permissions));
        }
    }

    /** Removes what stands where an entry goes; a folder with content cannot be replaced by a non-folder. */
    private void clear(Path target, TarArchiveEntry e) throws IOException {
        if (Files.isDirectory(target, NOFOLLOW)) {
            try (Stream<Path> children = Files.list(target)) {
                if (children.findAny().isPresent()) {
                    throw new IOException(file + " replaces the folder " + e.getName()
                            + " (not empty, from an earlier package) with a non-folder, as dpkg would refuse to: "
                            + "leave one of the two packages out");
                }
            }
        }
        Files.deleteIfExists(target);
    }

    /** The parts of an archive path, rejecting any that would climb out with {@code ..}. */
    private List<String> safeParts(String archivePath) throws IOException {
        List<String> parts = new ArrayList<>();
        for (String part : archivePath.split("/")) {
            if (part.equals("..")) {
                throw new IOException(file + " holds the unsafe path " + archivePath
                        + ", which climbs out of the target folder: the package is damaged or malicious, "
                        + "do not use it");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    private <T> T withTar(String member, TarReader<T> reader) throws IOException {
        try (ArArchiveInputStream ar = new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (ArArchiveEntry entry = ar.getNextEntry(); entry != null; entry = ar.getNextEntry()) {
                if (entry.getName().startsWith(member)) {
                    try (TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(entry.getName(), ar))) {
                        return reader.read(tar);
                    }
                }
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + " is not a readable Debian package (" + e.getMessage()
                    + "): download it again", e);
        }
        throw new IOException(file + " has no " + member + " member: it is not a Debian package; download it again");
    }

    private InputStream decompressed(String member, InputStream in) throws IOException {
        String suffix = member.substring(member.indexOf(".tar") + 4);
        return switch (suffix) {
            case "" -> in;
            case ".xz" -> new XZCompressorInputStream(in);
            case ".gz" -> new GzipCompressorInputStream(in);
            case ".zst" -> throw new IOException(file + " stores " + member
                    + " compressed with zstd, which Berth cannot read: use the package from Debian, which uses xz");
            default -> throw new IOException(file + " stores " + member
                    + " in an unknown compression: Berth reads xz, gzip or uncompressed members");
        };
    }
}
