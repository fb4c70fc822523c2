package dev.berth.nativeio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fallocate gives a file its blocks and keeps what it holds. */
class FileBlocksTest {
    @TempDir
    Path dir;

    @Test
    void aFileGetsItsLengthAndBlocksAndKeepsItsData() throws Exception {
        Path file = dir.resolve("memory");
        byte[] data = "saved state".getBytes(StandardCharsets.US_ASCII);
        Files.write(file, data);
        FileBlocks.Allocation result = FileBlocks.allocate(file, 1 << 20);
        // the temporary folder's file system may not reserve blocks (then nothing changed)
        if (result == FileBlocks.Allocation.UNSUPPORTED) {
            assertEquals(data.length, Files.size(file));
            return;
        }
        assertEquals(FileBlocks.Allocation.DONE, result);
        assertEquals(1 << 20, Files.size(file));
        assertTrue(allocatedBytes(file) >= 1 << 20, "the blocks are allocated, not a sparse file");
        byte[] start = new byte[data.length];
        System.arraycopy(Files.readAllBytes(file), 0, start, 0, data.length);
        assertArrayEquals(data, start);
    }

    @Test
    void aFileThatCannotBeOpenedIsAnError() {
        assertThrows(IOException.class, () -> FileBlocks.allocate(dir.resolve("missing"), 4096));
    }

    /** The bytes the file's blocks take on disk, as {@code stat} reports them. */
    private static long allocatedBytes(Path file) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().split(" ");
        assertEquals(0, stat.waitFor());
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}
