package dev.berth.image.internal.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ext4ImageTest {
    private static final UUID UUID_FIXED = UUID.fromString("6b1e1a0c-5e2f-4c3b-9d7a-0123456789ab");
    private static final long EPOCH = 1_700_000_000L;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsE2fsprogs() {
        try {
            HostCommand.locate("mke2fs", "e2fsprogs");
            HostCommand.locate("debugfs", "e2fsprogs");
        } catch (IOException e) {
            Assumptions.abort(e.getMessage());
        }
    }

    /** A staging folder whose host time stamps differ with {@code seconds}. */
    private Path staging(String name, long seconds) throws IOException {
        Path root = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("etc/my dir"));
        Files.writeString(root.resolve("usr/bin/su"), "su binary");
        Files.writeString(root.resolve("etc/my dir/conf"), "x".repeat(10_000));
        Files.createSymbolicLink(root.resolve("usr/bin/sh"), Path.of("/bin/busybox"));
        Files.createLink(root.resolve("usr/bin/su2"), root.resolve("usr/bin/su"));
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(seconds * 1000));
            }
        }
        return root;
    }

    private static FileMetadata metadata() {
        FileMetadata metadata = new FileMetadata();
        metadata.put("/usr/bin/su", new FileMetadata.Attributes(1000, 50, 0104755));
        return metadata;
    }

    private static String stat(Path image, String path) throws IOException {
        return HostCommand.run(List.of("debugfs", "-R", "stat \"" + path + "\"", image.toString()), image.getParent(),
                Map.of(), Duration.ofSeconds(10), "e2fsprogs").requireSuccess().stdout();
    }

    @Test
    void sameInputsGiveByteIdenticalImagesWithOwnersAndModesApplied() throws Exception {
        Path one = dir.resolve("one.img");
        Path two = dir.resolve("two.img");
        Ext4Image builder = new Ext4Image("berth-sys", UUID_FIXED, EPOCH);
        builder.build(staging("a", 1_600_000_000L), metadata(), one);
        builder.build(staging("b", 1_650_000_000L), metadata(), two);
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));

        String su = stat(one, "/usr/bin/su");
        assertTrue(su.contains("Mode:  04755"), su);
        assertTrue(su.contains("User:  1000   Group:    50"), su);
        assertTrue(su.contains("Links: 2"), su);
        for (String field : List.of(" ctime: 0x6553f100:", " atime: 0x6553f100:", " mtime: 0x6553f100:", "crtime: 0x6553f100:")) {
            assertTrue(su.contains(field), field + " in " + su);
        }
        String conf = stat(one, "/etc/my dir/conf");
        assertTrue(conf.contains("User:     0   Group:     0"), conf);
        assertTrue(conf.contains("Size: 10000"), conf);
        assertTrue(stat(one, "/").contains("Mode:  0755"));
        assertTrue(stat(one, "/usr/bin/sh").contains("Type: symlink"));
    }

    @Test
    void hostOwnersNeverReachTheImage() throws Exception {
        Path root = staging("owned", EPOCH);
        try {
            Files.setAttribute(root.resolve("etc/my dir/conf"), "unix:uid", 4321);
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("changing a file's owner needs root: " + e.getMessage());
        }
        Path image = dir.resolve("owned.img");
        new Ext4Image("sys", UUID_FIXED, EPOCH).build(root, new FileMetadata(), image);
        String conf = stat(image, "/etc/my dir/conf");
        assertTrue(conf.contains("User:     0"), conf);
    }

    @Test
    void explainsAnImageThatIsTooSmall() throws Exception {
        Path image = dir.resolve("small.img");
        Path root = staging("big", EPOCH);
        Files.writeString(root.resolve("blob"), "x".repeat(3 * 1024 * 1024));
        IOException e = assertThrows(IOException.class,
                () -> new Ext4Image("sys", UUID_FIXED, EPOCH).build(root, new FileMetadata(), image, 2 * 1024 * 1024));
        assertTrue(e.getMessage().contains("is too small"), e.getMessage());
        assertFalse(Files.exists(image), "a failed build must not leave a half-made image");
    }

    @Test
    void createsAnEmptyLabelledSparseDataDisk() throws Exception {
        Path disk = dir.resolve("data.img");
        long size = 8L * 1024 * 1024 * 1024;
        Ext4Image.createEmpty(disk, size, "berth-data");
        assertEquals(size, Files.size(disk));
        String header = HostCommand.run(List.of("dumpe2fs", "-h", disk.toString()), dir, Map.of(), Duration.ofSeconds(10),
                "e2fsprogs").requireSuccess().stdout();
        assertTrue(header.contains("Filesystem volume name:   berth-data"), header);
        long allocated = 512 * Long.parseLong(HostCommand.run(List.of("stat", "-c", "%b", disk.toString()), dir,
                Map.of(), Duration.ofSeconds(10), "coreutils").requireSuccess().stdout().strip());
        assertTrue(allocated < 64L * 1024 * 1024, "allocated " + allocated + " bytes: the disk must be sparse");
        IOException again = assertThrows(IOException.class, () -> Ext4Image.createEmpty(disk, size, "berth-data"));
        assertTrue(again.getMessage().contains("already exists"), again.getMessage());
    }

    @Test
    void refusesLabelsExt4CannotHold() {
        assertThrows(IllegalArgumentException.class, () -> new Ext4Image("label-with-17-chr", UUID_FIXED, EPOCH));
    }

    @Test
    void sizesFromTheContent() throws Exception {
        Path root = staging("sized", EPOCH);
        long small = Ext4Image.sizeFor(root);
        Files.write(root.resolve("blob"), new byte[20 * 1024 * 1024]);
        long big = Ext4Image.sizeFor(root);
        assertTrue(small >= 16 * 1024 * 1024 && small % (1024 * 1024) == 0, "size " + small);
        assertTrue(big - small >= 20 * 1024 * 1024 * 115L / 100, small + " then " + big);
    }
}
