package dev.berth.image.internal.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** Builds small .deb files for tests: control.tar.gz plus data.tar.xz, as dpkg-deb does. */
final class TestDebs {
    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();
    private String dataMember = "data.tar.xz";

    TestDebs dir(String name, int mode) {
        return add(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"), mode, 0, 0, null);
    }

    TestDebs file(String name, int mode, String content) {
        return file(name, mode, 0, 0, content);
    }

    TestDebs file(String name, int mode, int uid, int gid, String content) {
        return add(new TarArchiveEntry(name), mode, uid, gid, content.getBytes(StandardCharsets.UTF_8));
    }

    TestDebs symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        return add(e, 0777, 0, 0, null);
    }

    TestDebs hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        return add(e, 0644, 0, 0, null);
    }

    /** Names the data member, for example {@code data.tar.zst}; its content stays xz. */
    TestDebs dataMember(String name) {
        dataMember = name;
        return this;
    }

    private TestDebs add(TarArchiveEntry e, int mode, int uid, int gid, byte[] content) {
        e.setMode(mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        if (content != null) {
            e.setSize(content.length);
        }
        entries.add(e);
        contents.add(content);
        return this;
    }

    void write(Path deb, String control) throws IOException {
        ByteArrayOutputStream controlTar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(controlTar))) {
            byte[] text = control.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("./control");
            e.setSize(text.length);
            tar.putArchiveEntry(e);
            tar.write(text);
            tar.closeArchiveEntry();
        }
        ByteArrayOutputStream dataTar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZCompressorOutputStream(dataTar))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < entries.size(); i++) {
                tar.putArchiveEntry(entries.get(i));
                if (contents.get(i) != null) {
                    tar.write(contents.get(i));
                }
                tar.closeArchiveEntry();
            }
        }
        try (OutputStream out = Files.newOutputStream(deb); ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            member(ar, "control.tar.gz", controlTar.toByteArray());
            member(ar, dataMember, dataTar.toByteArray());
        }
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] data) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, data.length));
        ar.write(data);
        ar.closeArchiveEntry();
    }
}
