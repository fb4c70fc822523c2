package dev.berth.image.internal.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFileTest {
    private static final String A = "a".repeat(64);
    private static final String B = "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    @Test
    void writesSortedLinesAndReadsThemBack() throws Exception {
        LockFile lock = new LockFile(List.of(new LockFile.Entry("tini", "0.19.0-1", A),
                new LockFile.Entry("busybox-static", "1:1.35.0-4+deb12u1+b1", B)));
        Path file = dir.resolve("packages.lock");
        lock.write(file);
        assertEquals("busybox-static 1:1.35.0-4+deb12u1+b1 " + B + "\ntini 0.19.0-1 " + A + "\n", Files.readString(file));
        assertEquals(lock, LockFile.read(file));
    }

    @Test
    void skipsCommentsAndBlankLines() throws Exception {
        Path file = Files.writeString(dir.resolve("packages.lock"), "# made by berth\n\n  tini 0.19.0-1 " + A + "  \n");
        assertEquals(List.of(new LockFile.Entry("tini", "0.19.0-1", A)), LockFile.read(file).entries());
    }

    @Test
    void namesTheLineThatIsMalformed() throws Exception {
        Path file = Files.writeString(dir.resolve("packages.lock"), "tini 0.19.0-1 " + A + "\nrunc 1.1.5\n");
        IOException e = assertThrows(IOException.class, () -> LockFile.read(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Path upper = Files.writeString(dir.resolve("upper.lock"), "tini 0.19.0-1 " + A.toUpperCase() + "\n");
        assertThrows(IOException.class, () -> LockFile.read(upper));
    }

    @Test
    void refusesAPackageLockedTwice() throws Exception {
        Path file = Files.writeString(dir.resolve("packages.lock"), "tini 1 " + A + "\ntini 2 " + B + "\n");
        IOException e = assertThrows(IOException.class, () -> LockFile.read(file));
        assertTrue(e.getMessage().contains("tini is locked twice"), e.getMessage());
    }
}
