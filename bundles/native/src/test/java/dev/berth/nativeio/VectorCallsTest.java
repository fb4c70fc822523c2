package dev.berth.nativeio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scattered segments are written and read back in order, more of them than one call takes, and short at the end. */
class VectorCallsTest {
    @TempDir
    Path tmp;

    @Test
    void moreSegmentsThanOneCallTakesKeepTheirOrder() throws Exception {
        byte[] data = new byte[(VectorCalls.IOV_MAX + 300) * 7];
        new Random(7).nextBytes(data);
        Path file = tmp.resolve("f");
        Files.write(file, new byte[0]);
        try (Arena arena = Arena.ofConfined()) {
            List<MemorySegment> pieces = new ArrayList<>();
            for (int at = 0; at < data.length; at += 7) {
                MemorySegment s = arena.allocate(7);
                MemorySegment.copy(data, at, s, ValueLayout.JAVA_BYTE, 0, 7);
                pieces.add(s);
            }
            int fd = PathCalls.openat(OpenFlags.AT_FDCWD, file.toString(), 2 | OpenFlags.O_CLOEXEC, 0);
            try {
                assertEquals(data.length, VectorCalls.pwritev(fd, pieces, 5));
                List<MemorySegment> back = new ArrayList<>();
                for (int i = 0; i < pieces.size() + 3; i++) back.add(arena.allocate(7));
                assertEquals(data.length, VectorCalls.preadv(fd, back, 5), "short at the end of the file");
                byte[] read = new byte[data.length];
                for (int i = 0; i < pieces.size(); i++) MemorySegment.copy(back.get(i), ValueLayout.JAVA_BYTE, 0, read, i * 7, 7);
                assertArrayEquals(data, read);
            } finally {
                PathCalls.close(fd);
            }
        }
        assertEquals(5 + data.length, Files.size(file));
    }
}
