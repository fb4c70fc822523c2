package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPathsTest {
    @TempDir
    Path dir;

    @Test
    void resolvesDotsAndMissingTails() throws Exception {
        Path real = dir.toRealPath();
        Files.createDirectories(real.resolve("a"));
        assertEquals(Optional.of(real.resolve("a/new/file")), HostPaths.resolve(Path.of(real + "/a/./b/../new/file")));
        assertEquals(Optional.of(Path.of("/")), HostPaths.resolve(Path.of("/../..")));
        assertEquals(Optional.empty(), HostPaths.resolve(Path.of("relative")));
    }

    @Test
    void followsLinksEvenWhenTheirTargetIsMissing() throws Exception {
        Path real = dir.toRealPath();
        Files.createSymbolicLink(real.resolve("out"), Path.of("/etc"));
        Files.createSymbolicLink(real.resolve("dangling"), Path.of("/nowhere/at/all"));
        Files.createSymbolicLink(real.resolve("up"), Path.of("../.."));
        assertEquals(Optional.of(Path.of("/etc/passwd")), HostPaths.resolve(real.resolve("out/passwd")));
        assertEquals(Optional.of(Path.of("/nowhere/at/all/x")), HostPaths.resolve(real.resolve("dangling/x")));
        assertEquals(Optional.of(real.getParent().getParent().resolve("y")), HostPaths.resolve(real.resolve("up/y")));
    }

    @Test
    void givesUpOnSymlinkLoops() throws Exception {
        Files.createSymbolicLink(dir.resolve("a"), dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), dir.resolve("a"));
        assertEquals(Optional.empty(), HostPaths.resolve(dir.resolve("a/x")));
    }
}
