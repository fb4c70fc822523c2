package dev.berth.image.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMetadataTest {
    @TempDir
    Path dir;

    @Test
    void writesOneDebugfsCommandPerFieldWithQuotedPaths() {
        FileMetadata metadata = new FileMetadata();
        metadata.put("/opt/my \"odd\" name", new FileMetadata.Attributes(1000, 50, 0104755));
        assertEquals("""
                sif "/opt/my ""odd"" name" uid 1000
                sif "/opt/my ""odd"" name" gid 50
                sif "/opt/my ""odd"" name" mode 0104755
                sif "/opt/my ""odd"" name" atime @1700000000
                sif "/opt/my ""odd"" name" mtime @1700000000
                sif "/opt/my ""odd"" name" ctime @1700000000
                sif "/opt/my ""odd"" name" crtime @1700000000
                """, metadata.debugfsScript(1_700_000_000L));
    }

    @Test
    void coversExactlyTheTreeWithDefaultsForUnrecordedPaths() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(root.resolve("bin"));
        Files.setPosixFilePermissions(root.resolve("bin"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("bin/tool"), "x");
        Files.setPosixFilePermissions(root.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("tool"));
        Files.createLink(root.resolve("bin/tool-link"), root.resolve("bin/tool"));
        FileMetadata metadata = new FileMetadata();
        metadata.put("/bin/sh", new FileMetadata.Attributes(0, 0, 0100644));
        metadata.put("/bin/tool", new FileMetadata.Attributes(7, 8, 0104711));
        metadata.put("/gone", new FileMetadata.Attributes(0, 0, 0100644));

        Map<String, FileMetadata.Attributes> covered = metadata.coveringTree(root).entries();
        assertEquals(Map.of(
                "/", new FileMetadata.Attributes(0, 0, 040755),
                "/bin", new FileMetadata.Attributes(0, 0, 040755),
                "/bin/sh", new FileMetadata.Attributes(0, 0, 0120644),
                "/bin/tool", new FileMetadata.Attributes(7, 8, 0104711),
                "/bin/tool-link", new FileMetadata.Attributes(7, 8, 0104711)), covered,
                "a hard link shares its file's attributes, or debugfs would overwrite them");
    }

    @Test
    void refusesPathsDebugfsCannotTake() {
        FileMetadata metadata = new FileMetadata();
        FileMetadata.Attributes a = new FileMetadata.Attributes(0, 0, 0100644);
        assertThrows(IllegalArgumentException.class, () -> metadata.put("relative", a));
        assertThrows(IllegalArgumentException.class, () -> metadata.put("/line\nbreak", a));
    }
}
