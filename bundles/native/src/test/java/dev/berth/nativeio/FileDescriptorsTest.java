package dev.berth.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files opened as raw descriptors get the mode asked for, failures name the file, and a shutdown wakes a reader. */
class FileDescriptorsTest {
    @TempDir
    Path dir;

    @Test
    void aCreatedFileHasTheModeAskedForAndTakesWrites() throws Exception {
        Path file = dir.resolve("private");
        int fd = FileDescriptors.open(file, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL, 0600);
        try (Arena arena = Arena.ofConfined()) {
            FdCalls.write(fd, arena.allocateFrom(ValueLayout.JAVA_BYTE, "data".getBytes(StandardCharsets.US_ASCII)));
        } finally {
            FileDescriptors.close(fd);
        }
        assertEquals("data", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aFailureNamesTheFileAndSaysWhatWentWrong() throws Exception {
        Path file = Files.writeString(dir.resolve("there"), "x");
        IOException exists = assertThrows(IOException.class, () -> FileDescriptors.open(file,
                OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL, 0600));
        assertTrue(exists.getMessage().contains(file.toString()) && exists.getMessage().contains("File exists"),
                exists.getMessage());
        IOException missing = assertThrows(IOException.class, () -> FileDescriptors.open(dir.resolve("none"),
                OpenFlags.O_RDONLY, 0));
        assertTrue(missing.getMessage().contains("No such file or directory"), missing.getMessage());
    }

    @Test
    void aShutdownEndsAReadThatIsWaiting() throws Exception {
        int[] pair = UnixSockets.pair();
        try {
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    return SocketMessages.receive(pair[0], arena.allocate(8)).bytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(Duration.ofMillis(100));
            assertTrue(!read.isDone(), "nothing was sent, so the read waits");
            UnixSockets.shutdown(pair[0]);
            assertEquals(0, read.get(5, TimeUnit.SECONDS), "the waiting read sees the end of the stream");
        } finally {
            FileDescriptors.close(pair[0]);
            FileDescriptors.close(pair[1]);
        }
    }

    @Test
    void descriptorsOpenedHereAreClosedOnExec() throws Exception {
        int fd = FileDescriptors.open(Files.writeString(dir.resolve("f"), "x"), OpenFlags.O_RDONLY, 0);
        try {
            // F_GETFD through /proc: the fdinfo's flags carry O_CLOEXEC (02000000 octal)
            String info = Files.readString(Path.of("/proc/self/fdinfo/" + fd));
            String flags = info.lines().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
            long value = Long.parseLong(flags.substring("flags:".length()).strip(), 8);
            assertEquals(OpenFlags.O_CLOEXEC, value & OpenFlags.O_CLOEXEC, info);
        } finally {
            FileDescriptors.close(fd);
        }
    }
}
