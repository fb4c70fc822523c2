package dev.berth.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * The {@code *at} system calls that name a file relative to a directory descriptor. Names are byte strings carried
 * in a {@code String} one char per byte (ISO-8859-1), so that any name the kernel accepts passes through unchanged.
 * Every call throws {@link ErrnoException} on failure.
 */
public final class PathCalls {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;
    private static final MethodHandle OPENAT = Calls.bind("openat", FunctionDescriptor.of(INT, INT, PTR, INT, INT),
            Linker.Option.firstVariadicArg(3));
    private static final MethodHandle MKDIRAT = Calls.bind("mkdirat", FunctionDescriptor.of(INT, INT, PTR, INT));
    private static final MethodHandle MKNODAT = Calls.bind("mknodat", FunctionDescriptor.of(INT, INT, PTR, INT, LONG));
    private static final MethodHandle UNLINKAT = Calls.bind("unlinkat", FunctionDescriptor.of(INT, INT, PTR, INT));
    private static final MethodHandle RENAMEAT2 = Calls.bind("renameat2",
            FunctionDescriptor.of(INT, INT, PTR, INT, PTR, INT));
    private static final MethodHandle SYMLINKAT = Calls.bind("symlinkat", FunctionDescriptor.of(INT, PTR, INT, PTR));
    private static final MethodHandle READLINKAT = Calls.bind("readlinkat",
            FunctionDescriptor.of(LONG, INT, PTR, PTR, LONG));
    private static final MethodHandle LINKAT = Calls.bind("linkat", FunctionDescriptor.of(INT, INT, PTR, INT, PTR, INT));
    private static final MethodHandle FCHMODAT = Calls.bind("fchmodat", FunctionDescriptor.of(INT, INT, PTR, INT, INT));
    private static final MethodHandle TRUNCATE = Calls.bind("truncate", FunctionDescriptor.of(INT, PTR, LONG));
    private static final MethodHandle UTIMENSAT = Calls.bind("utimensat", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));

    /** {@code tv_nsec} values of {@link #utimensat}: set to the current time, or leave unchanged. */
    public static final long UTIME_NOW = (1L << 30) - 1;
    public static final long UTIME_OMIT = (1L << 30) - 2;

    private PathCalls() {
    }

    /** {@code openat(dirfd, name, flags, mode)}: a new descriptor. */
    public static int openat(int dirfd, String name, int flags, int mode) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            return (int) Calls.run(OPENAT, "openat",
                    h -> (int) h.invokeExact(Calls.state(), dirfd, c(a, name), flags, mode));
        }
    }

    /** {@code close(fd)}, ignoring failure: the descriptor is gone either way. */
    public static void close(int fd) {
        FileDescriptors.closeQuietly(fd);
    }

    /** {@code mkdirat(dirfd, name, mode)}. */
    public static void mkdirat(int dirfd, String name, int mode) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            Calls.run(MKDIRAT, "mkdirat", h -> (int) h.invokeExact(Calls.state(), dirfd, c(a, name), mode));
        }
    }

    /** {@code mknodat(dirfd, name, mode, dev)}. */
    public static void mknodat(int dirfd, String name, int mode, long dev) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            Calls.run(MKNODAT, "mknodat", h -> (int) h.invokeExact(Calls.state(), dirfd, c(a, name), mode, dev));
        }
    }

    /** {@code unlinkat(dirfd, name, flags)}; {@link OpenFlags#AT_REMOVEDIR} removes a directory. */
    public static void unlinkat(int dirfd, String name, int flags) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            Calls.run(UNLINKAT, "unlinkat", h -> (int) h.invokeExact(Calls.state(), dirfd, c(a, name), flags));
        }
    }

    /** {@code renameat2(olddir, oldname, newdir, newname, flags)}. */
    public static void renameat2(int olddir, String oldname, int newdir, String newname, int flags)
            throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            Calls.run(RENAMEAT2, "renameat2",
                    h -> (int) h.invokeExact(Calls.state(), olddir, c(a, oldname), newdir, c(a, newname), flags));
        }
    }

    /** {@code symlinkat(target, dirfd, name)}: the link's text is stored, never resolved here. */
    public static void symlinkat(String target, int dirfd, String name) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            Calls.run(SYMLINKAT, "symlinkat", h -> (int) h.invokeExact(Calls.state(), c(a, target), dirfd, c(a, name)));
        }
    }

    /** {@code readlinkat(dirfd, name)}: the link's text as raw bytes (with "" the link {@code dirfd} itself). */
    public static byte[] readlinkat(int dirfd, String name) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4096);
            long n = Calls.run(READLINKAT, "readlinkat",
                    h -> (long) h.invokeExact(Calls.state(), dirfd, c(a, name), buf, 4096L));
            return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** {@code linkat(olddir, oldname, newdir, newname, flags)}. */
    public static void linkat(int olddir, String oldname, int newdir, String newname, int flags)
            throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            Calls.run(LINKAT, "linkat",
                    h -> (int) h.invokeExact(Calls.state(), olddir, c(a, oldname), newdir, c(a, newname), flags));
        }
    }

    /** {@code fchmodat(dirfd, name, mode, flags)}. */
    public static void fchmodat(int dirfd, String name, int mode, int flags) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            Calls.run(FCHMODAT, "fchmodat", h -> (int) h.invokeExact(Calls.state(), dirfd, c(a, name), mode, flags));
        }
    }

    /** {@code truncate(path, length)}. */
    public static void truncate(String path, long length) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            Calls.run(TRUNCATE, "truncate", h -> (int) h.invokeExact(Calls.state(), c(a, path), length));
        }
    }

    /**
     * {@code utimensat(dirfd, name, {atime, mtime}, flags)}; a nanosecond field of {@link #UTIME_NOW} or
     * {@link #UTIME_OMIT} means what it does in C.
     */
    public static void utimensat(int dirfd, String name, long atime, long atimeNsec, long mtime, long mtimeNsec,
            int flags) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment times = a.allocate(32, 8);
            times.set(LONG, 0, atime);
            times.set(LONG, 8, atimeNsec);
            times.set(LONG, 16, mtime);
            times.set(LONG, 24, mtimeNsec);
            Calls.run(UTIMENSAT, "utimensat", h -> (int) h.invokeExact(Calls.state(), dirfd, c(a, name), times, flags));
        }
    }

    /** A name's bytes as a NUL-terminated C string. */
    static MemorySegment c(Arena arena, String name) {
        return arena.allocateFrom(name, StandardCharsets.ISO_8859_1);
    }
}
