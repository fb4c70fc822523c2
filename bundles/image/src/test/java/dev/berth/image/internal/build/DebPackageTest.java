package dev.berth.image.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebPackageTest {
    private static final String CONTROL = """
            Package: tiny
            Version: 1:2.0-3
            Architecture: amd64
            Pre-Depends: libc6 (>= 2.36)
            Depends: libfoo1 | libbar1, <unused>
            Provides: tiny-tool
            Description: a tiny package
             with a second line
            """;

    @TempDir
    Path dir;

    private Path staging() throws IOException {
        return Files.createDirectories(dir.resolve("staging"));
    }

    @Test
    void readsTheControlFields() throws Exception {
        Path deb = dir.resolve("tiny.deb");
        new TestDebs().dir("./", 0755).write(deb, CONTROL);
        DebPackage.Control control = new DebPackage(deb).control();
        assertEquals(new DebPackage.Control("tiny", "1:2.0-3", "amd64", "libfoo1 | libbar1, <unused>",
                "libc6 (>= 2.36)", "tiny-tool"), control);
    }

    @Test
    void extractsFilesLinksAndModes() throws Exception {
        Path deb = dir.resolve("tiny.deb");
        new TestDebs().dir("./", 0755).dir("./usr", 0755).dir("./usr/bin", 0755).dir("./ro", 0555)
                .file("./usr/bin/su", 04755, 0, 0, "su")
                .file("./usr/bin/tool", 0750, 1000, 50, "tool")
                .hardlink("./usr/bin/tool2", "./usr/bin/tool")
                .symlink("./usr/bin/sh", "/bin/busybox")
                .file("./ro/file", 0444, "ro")
                .write(deb, CONTROL);
        Path staging = staging();
        FileMetadata metadata = new FileMetadata();
        new DebPackage(deb).extract(staging, metadata);

        Path su = staging.resolve("usr/bin/su");
        assertEquals("su", Files.readString(su));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(su)));
        assertEquals(new FileMetadata.Attributes(0, 0, 0104755), metadata.get("/usr/bin/su").orElseThrow());
        assertEquals(new FileMetadata.Attributes(1000, 50, 0100750), metadata.get("/usr/bin/tool").orElseThrow());
        assertTrue(Files.isSameFile(staging.resolve("usr/bin/tool"), staging.resolve("usr/bin/tool2")));
        assertEquals(Path.of("/bin/busybox"), Files.readSymbolicLink(staging.resolve("usr/bin/sh")));
        assertEquals(0120777, metadata.get("/usr/bin/sh").orElseThrow().mode());
        assertEquals(040555, metadata.get("/ro").orElseThrow().mode());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(staging.resolve("ro"))),
                "the owner must be able to write into a read-only folder of the guest");
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(staging.resolve("ro/file"))));
        assertEquals(040755, metadata.get("/").orElseThrow().mode());
    }

    @Test
    void rejectsPathsThatClimbOut() throws Exception {
        Path deb = dir.resolve("evil.deb");
        new TestDebs().dir("./", 0755).file("./../evil", 0644, "x").write(deb, CONTROL);
        IOException e = assertThrows(IOException.class, () -> new DebPackage(deb).extract(staging(), new FileMetadata()));
        assertTrue(e.getMessage().contains("unsafe path ./../evil"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil")));
    }

    @Test
    void followsSymbolicLinksOnlyInsideTheStagingFolder() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path deb = dir.resolve("tricky.deb");
        new TestDebs().dir("./", 0755)
                .symlink("./abs", outside.toString())
                .symlink("./rel", "../../../..")
                .file("./abs/a", 0644, "a")
                .file("./rel/b", 0644, "b")
                .write(deb, CONTROL);
        Path staging = staging();
        FileMetadata metadata = new FileMetadata();
        new DebPackage(deb).extract(staging, metadata);
        try (var listing = Files.list(outside)) {
            assertEquals(0, listing.count(), "nothing may be written outside the staging folder");
        }
        assertEquals("a", Files.readString(staging.resolve(outside.toString().substring(1)).resolve("a")));
        assertEquals("b", Files.readString(staging.resolve("b")), "'..' past the root stays at the root, as in a chroot");
        assertTrue(metadata.get("/b").isPresent());
    }

    @Test
    void laterPackagesReplaceFilesAndKeepMergedUsrLinks() throws Exception {
        Path staging = staging();
        Files.createDirectories(staging.resolve("usr/lib"));
        Files.createSymbolicLink(staging.resolve("lib"), Path.of("usr/lib"));
        Path first = dir.resolve("first.deb");
        new TestDebs().dir("./", 0755).dir("./etc", 0755).file("./etc/conf", 0644, "first")
                .dir("./lib", 0755).file("./lib/libx.so", 0644, "x").write(first, CONTROL);
        Path second = dir.resolve("second.deb");
        new TestDebs().dir("./", 0755).dir("./etc", 0755).file("./etc/conf", 0600, 0, 42, "second").write(second, CONTROL);
        FileMetadata metadata = new FileMetadata();
        new DebPackage(first).extract(staging, metadata);
        new DebPackage(second).extract(staging, metadata);

        assertEquals("second", Files.readString(staging.resolve("etc/conf")));
        assertEquals(new FileMetadata.Attributes(0, 42, 0100600), metadata.get("/etc/conf").orElseThrow());
        assertTrue(Files.isSymbolicLink(staging.resolve("lib")), "a package's folder must not replace a link to a folder");
        assertEquals("x", Files.readString(staging.resolve("usr/lib/libx.so")));
        assertTrue(metadata.get("/usr/lib/libx.so").isPresent());
        assertFalse(metadata.get("/lib/libx.so").isPresent());
    }

    @Test
    void refusesToReplaceAFolderWithContentByAFile() throws Exception {
        Path staging = staging();
        Path first = dir.resolve("first.deb");
        new TestDebs().dir("./", 0755).dir("./x", 0755).file("./x/y", 0644, "y").write(first, CONTROL);
        Path second = dir.resolve("second.deb");
        new TestDebs().dir("./", 0755).file("./x", 0644, "file").write(second, CONTROL);
        new DebPackage(first).extract(staging, new FileMetadata());
        IOException e = assertThrows(IOException.class, () -> new DebPackage(second).extract(staging, new FileMetadata()));
        assertTrue(e.getMessage().contains("replaces the folder ./x"), e.getMessage());
        assertTrue(Files.isRegularFile(staging.resolve("x/y"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void explainsThatZstdIsNotSupported() throws Exception {
        Path deb = dir.resolve("zst.deb");
        new TestDebs().dir("./", 0755).dataMember("data.tar.zst").write(deb, CONTROL);
        IOException e = assertThrows(IOException.class, () -> new DebPackage(deb).extract(staging(), new FileMetadata()));
        assertTrue(e.getMessage().contains("zstd"), e.getMessage());
    }

    @Test
    void explainsAFileThatIsNoPackage() throws Exception {
        Path notDeb = Files.writeString(dir.resolve("page.deb"), "<html>404</html>");
        IOException e = assertThrows(IOException.class, () -> new DebPackage(notDeb).control());
        assertTrue(e.getMessage().contains("is not a readable Debian package"), e.getMessage());
    }
}
