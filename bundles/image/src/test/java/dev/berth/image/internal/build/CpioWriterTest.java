package dev.berth.image.internal.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpioWriterTest {
    private static final long EPOCH = 1_700_000_000L;

    @TempDir
    Path dir;

    private List<CpioWriter.Entry> entries(Path busybox) {
        return List.of(
                new CpioWriter.DiskFile("/bin/busybox", 0755, busybox),
                new CpioWriter.BytesFile("init", 0755, "#!/bin/busybox sh\n".getBytes(StandardCharsets.UTF_8)),
                new CpioWriter.Symlink("bin/sh", "busybox"),
                new CpioWriter.CharDevice("dev/console", 0600, 5, 1),
                new CpioWriter.Directory("proc", 0555));
    }

    private byte[] write(List<CpioWriter.Entry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CpioWriter(EPOCH).write(entries, out);
        return out.toByteArray();
    }

    @Test
    void equalInputsGiveEqualBytes() throws Exception {
        Path one = Files.writeString(dir.resolve("one"), "ELF");
        Path two = Files.writeString(dir.resolve("two"), "ELF");
        Files.setLastModifiedTime(two, FileTime.fromMillis(0));
        List<CpioWriter.Entry> reversed = new ArrayList<>(entries(two));
        Collections.reverse(reversed);
        assertArrayEquals(write(entries(one)), write(reversed));
    }

    @Test
    void writesANewcArchiveTheKernelCanUnpack() throws Exception {
        byte[] archive = write(entries(Files.writeString(dir.resolve("busybox"), "ELF")));
        assertEquals("070701", new String(archive, 0, 6, StandardCharsets.US_ASCII), "newc magic");
        assertEquals(0, archive.length % 4);
        List<String> names = new ArrayList<>();
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new ByteArrayInputStream(archive))) {
            long inode = 0;
            for (CpioArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                assertEquals(CpioConstants.FORMAT_NEW, e.getFormat());
                assertEquals(EPOCH, e.getTime(), e.getName());
                assertEquals(0, e.getUID());
                assertEquals(0, e.getGID());
                assertEquals(++inode, e.getInode(), e.getName());
                String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                switch (e.getName()) {
                    case "bin", "dev" -> assertEquals(040755, e.getMode(), e.getName());
                    case "bin/busybox" -> assertEquals("ELF", content);
                    case "bin/sh" -> {
                        assertEquals(0120777, e.getMode());
                        assertEquals("busybox", content);
                    }
                    case "dev/console" -> {
                        assertEquals(020600, e.getMode());
                        assertEquals(5, e.getRemoteDeviceMaj());
                        assertEquals(1, e.getRemoteDeviceMin());
                    }
                    case "init" -> assertEquals(0100755, e.getMode());
                    case "proc" -> assertEquals(040555, e.getMode());
                    default -> throw new AssertionError("unexpected " + e.getName());
                }
            }
        }
        assertEquals(List.of("bin", "bin/busybox", "bin/sh", "dev", "dev/console", "init", "proc"), names);
        assertEquals(1, new String(archive, StandardCharsets.US_ASCII).split("TRAILER!!!", -1).length - 1);
    }

    @Test
    void gzipOutputHasNoTimeAndIsReproducible() throws Exception {
        List<CpioWriter.Entry> entries = entries(Files.writeString(dir.resolve("busybox"), "ELF"));
        Path a = dir.resolve("a.cpio.gz");
        Path b = dir.resolve("b.cpio.gz");
        new CpioWriter(EPOCH).write(entries, a, true);
        new CpioWriter(EPOCH).write(entries, b, true);
        byte[] gz = Files.readAllBytes(a);
        assertArrayEquals(gz, Files.readAllBytes(b));
        assertEquals(0x1f, gz[0] & 0xff);
        assertEquals(0x8b, gz[1] & 0xff);
        assertArrayEquals(new byte[4], Arrays.copyOfRange(gz, 4, 8), "gzip MTIME must be 0");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertArrayEquals(write(entries), in.readAllBytes());
        }
    }

    @Test
    void refusesAmbiguousEntryLists() {
        CpioWriter writer = new CpioWriter(EPOCH);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(IllegalArgumentException.class, () -> writer.write(List.of(
                new CpioWriter.Directory("etc", 0755), new CpioWriter.Directory("/etc", 0700)), out));
        assertThrows(IllegalArgumentException.class, () -> writer.write(List.of(
                new CpioWriter.Symlink("../escape", "x")), out));
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class, () -> writer.write(List.of(
                new CpioWriter.Symlink("lib", "usr/lib"), new CpioWriter.BytesFile("lib/x", 0644, new byte[0])), out));
        assertEquals("initramfs path lib/x lies below lib, which is not a folder: fix the entry list", below.getMessage());
    }
}
