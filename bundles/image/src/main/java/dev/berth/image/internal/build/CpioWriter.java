package dev.berth.image.internal.build;

import static dev.berth.image.internal.build.Modes.S_IFCHR;
import static dev.berth.image.internal.build.Modes.S_IFDIR;
import static dev.berth.image.internal.build.Modes.S_IFLNK;
import static dev.berth.image.internal.build.Modes.S_IFREG;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/** Writes a reproducible cpio "newc" archive, the format the Linux kernel unpacks as its initramfs. */
public final class CpioWriter {
    /** One member of the archive; its path is relative to the initramfs root (a leading {@code /} is dropped). */
    public sealed interface Entry permits Directory, DiskFile, BytesFile, Symlink, CharDevice {
        /** The path inside the archive. */
        String path();
    }

    /** A folder with its permission bits. */
    public record Directory(String path, int permissions) implements Entry {
    }

    /** A file whose content is read from {@code source} on the host. */
    public record DiskFile(String path, int permissions, Path source) implements Entry {
    }

    /** A file with the given content. */
    public record BytesFile(String path, int permissions, byte[] content) implements Entry {
    }

    /** A symbolic link to {@code target}, resolved in the guest. */
    public record Symlink(String path, String target) implements Entry {
    }

    /** A character device node such as {@code dev/console} 5:1. */
    public record CharDevice(String path, int permissions, int major, int minor) implements Entry {
    }

    private final long mtime;

    /** A writer that stamps every member with {@code mtimeEpochSeconds}. */
    public CpioWriter(long mtimeEpochSeconds) {
        this.mtime = mtimeEpochSeconds;
    }

    /** Writes the archive to {@code file}, gzip-compressed when asked (the gzip header holds no time). */
    public void write(Collection<? extends Entry> entries, Path file, boolean gzip) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            if (gzip) {
                try (GZIPOutputStream compressed = new GZIPOutputStream(out)) {
                    write(entries, compressed);
                }
            } else {
                write(entries, out);
            }
        }
    }

    /**
     * Writes the archive: members sorted by path, missing parent folders added as {@code 0755}, owner 0:0, the fixed
     * time and inode numbers counted in that order, so equal inputs give equal bytes.
     *
     * @throws IllegalArgumentException for an unsafe path, a path listed twice, or a member below a non-folder
     */
    public void write(Collection<? extends Entry> entries, OutputStream out) throws IOException {
        SortedMap<String, Entry> byPath = new TreeMap<>();
        for (Entry entry : entries) {
            String path = checked(entry.path());
            if (byPath.put(path, entry) != null) {
                throw new IllegalArgumentException("initramfs path " + path + " is listed twice: keep one");
            }
        }
        for (String path : new ArrayList<>(byPath.keySet())) {
            for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                String parent = path.substring(0, slash);
                Entry existing = byPath.putIfAbsent(parent, new Directory(parent, 0755));
                if (existing != null && !(existing instanceof Directory)) {
                    throw new IllegalArgumentException("initramfs path " + path + " lies below " + parent
                            + ", which is not a folder: fix the entry list");
                }
            }
        }
        CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(out, CpioConstants.FORMAT_NEW);
        long inode = 1;
        for (Entry entry : byPath.values()) {
            byte[] data = switch (entry) {
                case BytesFile f -> f.content();
                case Symlink s -> s.target().getBytes(StandardCharsets.UTF_8);
                default -> null;
            };
            long size = entry instanceof DiskFile f ? Files.size(f.source()) : data == null ? 0 : data.length;
            CpioArchiveEntry header = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, checked(entry.path()), size);
            header.setMode(mode(entry));
            header.setInode(inode++);
            header.setTime(mtime);
            header.setUID(0);
            header.setGID(0);
            header.setNumberOfLinks(entry instanceof Directory ? 2 : 1);
            if (entry instanceof CharDevice d) {
                header.setRemoteDeviceMaj(d.major());
                header.setRemoteDeviceMin(d.minor());
            }
            cpio.putArchiveEntry(header);
            if (entry instanceof DiskFile f) {
                try (InputStream in = Files.newInputStream(f.source())) {
                    if (in.transferTo(cpio) != size) {
                        throw new IOException(f.source() + " changed while it was written into the initramfs: retry");
                    }
                }
            } else if (data != null) {
                cpio.write(data);
            }
            cpio.closeArchiveEntry();
        }
        cpio.finish();
    }

    private static long mode(Entry entry) {
        return switch (entry) {
            case Directory d -> S_IFDIR | (d.permissions() & 07777);
            case DiskFile f -> S_IFREG | (f.permissions() & 07777);
            case BytesFile f -> S_IFREG | (f.permissions() & 07777);
            case Symlink s -> S_IFLNK | 0777;
            case CharDevice c -> S_IFCHR | (c.permissions() & 07777);
        };
    }

    private static String checked(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        for (String part : relative.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("initramfs path '" + path
                        + "' is not a plain path such as bin/busybox: remove empty, '.' and '..' parts");
            }
        }
        return relative;
    }
}
