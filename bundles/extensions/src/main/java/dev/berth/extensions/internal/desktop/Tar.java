package dev.berth.extensions.internal.desktop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the tar archives the engine's {@code /containers/{id}/archive} answers with (ustar, GNU long names, pax paths). */
final class Tar {
    /** What an entry is. */
    enum Kind { FILE, DIRECTORY, LINK, OTHER }

    /**
     * One entry.
     *
     * @param name   its path in the archive, without a leading {@code ./} or a trailing slash
     * @param kind   file, folder, link or something else
     * @param mode   its permission bits
     * @param target a link's target, else empty
     * @param data   a file's bytes, else empty
     */
    record Entry(String name, Kind kind, int mode, String target, byte[] data) {
    }

    private Tar() {
    }

    /** Every entry of an archive held in memory. */
    static List<Entry> read(byte[] tar) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String longName = null;
        int at = 0;
        while (at + 512 <= tar.length) {
            byte[] header = Arrays.copyOfRange(tar, at, at + 512);
            if (isZero(header)) break;
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) name = prefix + "/" + name;
            int mode = (int) octal(header, 100, 8);
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            String target = text(header, 157, 100);
            at += 512;
            if (size < 0 || at + size > tar.length) throw new IOException("the archive ends inside " + name);
            byte[] data = Arrays.copyOfRange(tar, at, at + (int) size);
            at += (int) ((size + 511) / 512 * 512);
            if (type == 'L') {
                longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                continue;
            }
            if (type == 'x') {
                String path = paxPath(new String(data, StandardCharsets.UTF_8));
                if (path != null) longName = path;
                continue;
            }
            if (type == 'g') continue;
            if (longName != null) {
                name = longName;
                longName = null;
            }
            Kind kind = switch (type) {
                case '0', '\0', '7' -> Kind.FILE;
                case '5' -> Kind.DIRECTORY;
                case '1', '2' -> Kind.LINK;
                default -> Kind.OTHER;
            };
            entries.add(new Entry(clean(name), kind, mode & 07777, target, kind == Kind.FILE ? data : new byte[0]));
        }
        return entries;
    }

    private static String clean(String name) {
        String n = name;
        while (n.startsWith("./")) n = n.substring(2);
        while (n.startsWith("/")) n = n.substring(1);
        while (n.endsWith("/")) n = n.substring(0, n.length() - 1);
        return n;
    }

    /** The {@code path} record of a pax header, or null. */
    private static String paxPath(String records) {
        for (String line : records.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) return line.substring(space + 6);
        }
        return null;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) return false;
        }
        return true;
    }

    private static String text(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) {
        if ((h[off] & 0x80) != 0) {
            // GNU base-256 for sizes beyond 8 GB
            long v = 0;
            for (int i = off + 1; i < off + len; i++) v = (v << 8) | (h[i] & 0xff);
            return v;
        }
        String s = text(h, off, len).strip();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }
}
