package dev.berth.nativeio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.WrongMethodTypeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way the file calls are made: results, errno, a missing function and a broken binding. */
class CallsTest {
    private static final int EBADF = 9;
    private static final int ENOENT = 2;
    private static final int EEXIST = 17;

    @TempDir
    Path dir;

    @Test
    void aMissingFunctionFailsWithEnosysBeforeAnyCall() {
        boolean[] called = {false};
        ErrnoException e = assertThrows(ErrnoException.class, () -> Calls.run(null, "nothing", h -> {
            called[0] = true;
            return 0;
        }));
        assertEquals(Calls.ENOSYS, e.errno());
        assertTrue(e.getMessage().startsWith("nothing failed"), e.getMessage());
        assertEquals(false, called[0]);
    }

    @Test
    void aBrokenBindingIsAnIllegalStateNotAnErrno() {
        WrongMethodTypeException cause = new WrongMethodTypeException("wrong");
        MethodHandle read = Calls.bind("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Calls.run(read, "read", h -> {
            throw cause;
        }));
        assertSame(cause, e.getCause());
        assertTrue(e.getMessage().startsWith("read could not be called"), e.getMessage());
    }

    @Test
    void aNegativeResultCarriesTheErrnoTheCallLeft() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(8);
            assertEquals(EBADF, assertThrows(ErrnoException.class, () -> FdCalls.read(-1, buf)).errno());
            assertEquals(EBADF, assertThrows(ErrnoException.class, () -> FdCalls.fsync(-1, true)).errno());
        }
        assertEquals(ENOENT, assertThrows(ErrnoException.class,
                () -> PathCalls.openat(OpenFlags.AT_FDCWD, dir.resolve("missing").toString(), OpenFlags.O_RDONLY, 0))
                .errno());
    }

    @Test
    void descriptorAndPathCallsRoundTripThroughAFile() throws Exception {
        int dirfd = PathCalls.openat(OpenFlags.AT_FDCWD, dir.toString(), OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC,
                0);
        try (Arena arena = Arena.ofConfined()) {
            PathCalls.mkdirat(dirfd, "sub", 0755);
            assertEquals(EEXIST, assertThrows(ErrnoException.class, () -> PathCalls.mkdirat(dirfd, "sub", 0755))
                    .errno());
            int fd = PathCalls.openat(dirfd, "f", OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, 0644);
            try {
                MemorySegment out = arena.allocateFrom("hello", StandardCharsets.US_ASCII);
                assertEquals(out.byteSize(), FdCalls.pwrite(fd, out, 2));
                assertEquals(2 + out.byteSize(), FdCalls.lseek(fd, 0, 2));
                MemorySegment in = arena.allocate(out.byteSize());
                assertEquals(in.byteSize(), FdCalls.pread(fd, in, 2));
                assertArrayEquals(out.toArray(ValueLayout.JAVA_BYTE), in.toArray(ValueLayout.JAVA_BYTE));
                FdCalls.ftruncate(fd, 3);
            } finally {
                PathCalls.close(fd);
            }
            assertEquals(3, Files.size(dir.resolve("f")));
            PathCalls.symlinkat("f", dirfd, "link");
            assertEquals("f", new String(PathCalls.readlinkat(dirfd, "link"), StandardCharsets.ISO_8859_1));
            PathCalls.renameat2(dirfd, "link", dirfd, "moved", 0);
            PathCalls.unlinkat(dirfd, "moved", 0);
            PathCalls.unlinkat(dirfd, "sub", OpenFlags.AT_REMOVEDIR);
            assertEquals(ENOENT, assertThrows(ErrnoException.class, () -> PathCalls.readlinkat(dirfd, "moved"))
                    .errno());
            assertEquals(3, FileStats.statx(dirfd, "f", 0).size());
        } finally {
            PathCalls.close(dirfd);
        }
        PathCalls.close(-1); // ignored, as a descriptor that failed to open
        assertEquals(EBADF, assertThrows(ErrnoException.class, () -> FileStats.fstatvfs(-1)).errno());
    }
}
