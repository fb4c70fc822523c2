package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeBatcherTest {
    @TempDir
    Path tmp;

    private static Set<Path> set(Path... paths) {
        return new LinkedHashSet<>(List.of(paths));
    }

    @Test
    void replaysAFileWithItsModeAndDropsItsOwnEcho() throws Exception {
        Path root = tmp.toRealPath();
        Path file = Files.writeString(root.resolve("a b.txt"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        ChangeBatcher b = new ChangeBatcher(FileState::of);
        assertEquals(List.of("w 0750 " + file, "."), b.batch(set(file), List.of(root), 0));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        assertEquals(List.of(), b.batch(set(file), List.of(root), 1_000), "the guest's chmod comes back as an echo");
        Files.writeString(file, "changed");
        assertEquals(List.of("w 0750 " + file, "."), b.batch(set(file), List.of(root), 2_000));
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        assertEquals(2, b.batch(set(file), List.of(root), 3_000).size(), "a touch is a real change");
    }

    @Test
    void replaysAGoneFileOrASymlinkOnItsFolder() throws Exception {
        Path root = tmp.toRealPath();
        Path dir = Files.createDirectories(root.resolve("d"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("/etc/passwd"));
        String mode = String.format("%04o", FileState.of(dir).orElseThrow().mode());
        ChangeBatcher b = new ChangeBatcher(FileState::of);
        assertEquals(List.of("a " + mode + " " + dir, "."), b.batch(set(dir.resolve("gone"), link), List.of(root), 0));
        assertEquals(List.of(), b.batch(set(root.resolve("elsewhere/x")), List.of(dir), 0), "nothing outside the roots");
    }

    @Test
    void collapsesABigBurstIntoFoldersThenRoots() throws Exception {
        Path root = tmp.toRealPath();
        Path a = Files.createDirectories(root.resolve("a"));
        Set<Path> burst = IntStream.range(0, ChangeBatcher.MAX_PATHS + 1).mapToObj(i -> a.resolve("f" + i))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (Path p : burst) Files.writeString(p, "x");
        List<String> lines = new ChangeBatcher(FileState::of).batch(burst, List.of(root), 0);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.getFirst().endsWith(" " + a), lines.toString());
        Set<Path> dirs = IntStream.range(0, ChangeBatcher.MAX_PATHS + 1).mapToObj(i -> root.resolve("d" + i))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (Path d : dirs) Files.createDirectories(d.resolve("x"));
        Set<Path> deeper = dirs.stream().map(d -> d.resolve("x")).collect(Collectors.toCollection(LinkedHashSet::new));
        lines = new ChangeBatcher(FileState::of).batch(deeper, List.of(root), 0);
        assertEquals(2, lines.size(), "too many folders: the root is replayed");
        assertTrue(lines.getFirst().endsWith(" " + root), lines.toString());
    }

    @Test
    void groupsLinesByMode() throws Exception {
        Path root = tmp.toRealPath();
        Path x = Files.writeString(root.resolve("x"), "");
        Path y = Files.writeString(root.resolve("y"), "");
        Path z = Files.writeString(root.resolve("z"), "");
        Files.setPosixFilePermissions(x, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(y, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(z, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(List.of("w 0644 " + x, "w 0644 " + z, "w 0755 " + y, "."),
                new ChangeBatcher(FileState::of).batch(set(x, y, z), List.of(root), 0));
    }
}
