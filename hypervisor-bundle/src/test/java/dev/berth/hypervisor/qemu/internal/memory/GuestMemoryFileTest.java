package dev.berth.hypervisor.qemu.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guest memory file is private and has its blocks before QEMU maps it, or the start fails saying why. */
class GuestMemoryFileTest {
    @TempDir
    Path dir;

    @Test
    void theFileIsPrivateAndItsBlocksAreAllocated() throws Exception {
        Path memory = dir.resolve("vm").resolve("memory.img");
        GuestMemoryFile.reserve(memory, 8L << 20);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(memory)));
        assertEquals(8L << 20, Files.size(memory));
        assertTrue(allocatedBytes(memory) >= 8L << 20, "a sparse file would leave QEMU to SIGBUS on a full disk");
    }

    @Test
    void tooLittleRoomIsAClearErrorNamingTheBytesAndTheFolder() throws IOException {
        Path memory = dir.resolve("memory.img");
        long tooMuch = Files.getFileStore(dir).getUsableSpace() + (1L << 30);
        IOException e = assertThrows(IOException.class, () -> GuestMemoryFile.reserve(memory, tooMuch));
        assertTrue(e.getMessage().contains(tooMuch + " bytes") && e.getMessage().contains(dir.toString()), e.getMessage());
    }

    /** What {@code stat} says the file occupies on disk. */
    private static long allocatedBytes(Path file) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
        stat.waitFor();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}
