package dev.berth.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** {@code statx} and {@code fstatvfs}, decoded from their fixed 64-bit layouts. */
public final class FileStats {
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final MethodHandle STATX = Calls.bind("statx", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle FSTATVFS = Calls.bind("fstatvfs",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    /** A file system's sizes, as {@code struct statvfs} gives them. */
    public record FsStatus(long bsize, long frsize, long blocks, long bfree, long bavail, long files, long ffree,
            long namemax) {
    }

    private FileStats() {
    }

    /** {@code statx(dirfd, path, flags)} (path as in {@link PathCalls}); with {@link OpenFlags#AT_EMPTY_PATH} and "" it describes {@code dirfd}. */
    public static FileStatus statx(int dirfd, String path, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256, 8);
            Calls.run(STATX, "statx", h -> (int) h.invokeExact(Calls.state(), dirfd, PathCalls.c(arena, path), flags,
                    STATX_BASIC_STATS, buf));
            long dev = ((long) buf.get(I, 136) << 32) | Integer.toUnsignedLong(buf.get(I, 140));
            return new FileStatus(dev, buf.get(L, 32), Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, 28)),
                    buf.get(I, 16), buf.get(I, 20), buf.get(I, 24), buf.get(I, 128), buf.get(I, 132),
                    buf.get(L, 40), buf.get(L, 48), buf.get(I, 4),
                    buf.get(L, 64), buf.get(I, 72), buf.get(L, 112), buf.get(I, 120), buf.get(L, 96), buf.get(I, 104));
        }
    }

    /** {@code fstatvfs(fd)}; an {@code O_PATH} descriptor will do. */
    public static FsStatus fstatvfs(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(112, 8);
            Calls.run(FSTATVFS, "fstatvfs", h -> (int) h.invokeExact(Calls.state(), fd, buf));
            return new FsStatus(buf.get(L, 0), buf.get(L, 8), buf.get(L, 16), buf.get(L, 24), buf.get(L, 32),
                    buf.get(L, 40), buf.get(L, 48), buf.get(L, 80));
        }
    }
}
