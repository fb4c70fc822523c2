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
    private static final MethodHandle CLOSE = Calls.bind("close", FunctionDescriptor.of(INT, INT));
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
        MethodHandle h = Calls.need(OPENAT, "openat");
        try (Arena a = Arena.ofConfined()) {
            return Calls.check("openat", (int) h.invokeExact(Calls.state(), dirfd, c(a, name), flags, mode));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw Calls.broken("openat", e);
        }
    }

    /** {@code close(fd)}, ignoring failure: the descriptor is gone either way. */
    public static void close(int fd) {
        if (CLOSE == null || fd < 0) return;
        try {
            int ignored = (int) CLOSE.invokeExact(Calls.state(), fd);
        } catch (Throwable e) {
            throw Calls.broken("close", e);
        }
    }

    /** {@code mkdirat(dirfd, name, mode)}. */
    public static void mkdirat(int dirfd, String name, int mode) throws ErrnoException {
        MethodHandle h = Calls.need(MKDIRAT, "mkdirat");
        try (Arena a = Arena.ofConfined()) {
            Calls.check("mkdirat", (int) h.invokeExact(Calls.state(), dirfd, c(a, name), mode));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw Calls.broken("mkdirat", e);
        }
    }

    /** {@code mknodat(dirfd, name, mode, dev)}. */
    public static void mknodat(int dirfd, String name, int mode, long dev) throws ErrnoException {
        MethodHandle h = Calls.need(MKNODAT, "mknodat");
        try (Arena a = Arena.ofConfined()) {
            Calls.check("mknodat", (int) h.invokeExact(Calls.state(), dirfd, c(a, name), mode, dev));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw Calls.broken("mknodat", e);
        }
    }

    /** {@code unlinkat(dirfd, name, flags)}; {@link OpenFlags#AT_REMOVEDIR} removes a directory. */
    public static void unlinkat(int dirfd, String name, int flags) throws ErrnoException {
        MethodHandle h = Calls.need(UNLINKAT, "unlinkat");
        try (Arena a = Arena.ofConfined()) {
            Calls.check("unlinkat", (int) h.invokeExact(Calls.state(), dirfd, c(a, name), flags));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw Calls.broken("unlinkat", e);
        }
    }

    /** {@code renameat2(olddir, oldname, newdir, newname, flags)}. */
    public static void renameat2(int olddir, String oldname, int newdir, String newname, int flags)
            throws ErrnoException {
        MethodHandle h = Calls.need(RENAMEAT2, "renameat2");
        try (Arena a = Arena.ofConfined()) {
            Calls.check("renameat2", (int) h.invokeExact(Calls.state(), olddir, c(a, oldname), newdir,
                    c(a, newname), flags));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw Calls.broken("renameat2", e);
        }
    }

    /** {@code symlinkat(target, dirfd, name)}: the link's text is stored, never resolved here. */
    public static void symlinkat(String target, int dirfd, String name) throws ErrnoException {
        MethodHandle h = Calls.need(SYMLINKAT, "symlinkat");
        try (Arena a = Arena.ofConfined()) {
            Calls.check("symlinkat", (int) h.invokeExact(Calls.state(), c(a, target), dirfd,
                    c(a, name)));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw Calls.broken("symlinkat", e);
        }
    }

    /** {@code readlinkat(dirfd, name)}: the link's text as raw bytes (with "" the link {@code dirfd} itself). */
    public static byte[] readlinkat(int dirfd, String name) throws ErrnoException {
        MethodHandle h = Calls.need(READLINKAT, "readlinkat");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4096);
            long n = Calls.check("readlinkat", (long) h.invokeExact(Calls.state(), dirfd, c(a, name), buf,
                    4096L));
            return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw Calls.broken("readlinkat", e);
        }
    }

    /** {@code linkat(olddir, oldname, newdir, newname, flags)}. */
    public static void linkat(int olddir, String oldname, int newdir, String newname, int flags)
            throws ErrnoException {
        MethodHandle h = Calls.need(LINKAT, "linkat");
        try (Arena a = Arena.ofConfined()) {
            Calls.check("linkat", (int) h.invokeExact(Calls.state(), olddir, c(a, oldname), newdir,
                    c(a, newname), flags));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw Calls.broken("linkat", e);
        }
    }

    /** {@code fchmodat(dirfd, name, mode, flags)}. */
    public static void fchmodat(int dirfd, String name, int mode, int flags) throws ErrnoException {
        MethodHandle h = Calls.need(FCHMODAT, "fchmodat");
        try (Arena a = Arena.ofConfined()) {
            Calls.check("fchmodat", (int) h.invokeExact(Calls.state(), dirfd, c(a, name), mode, flags));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw Calls.broken("fchmodat", e);
        }
    }

    /** {@code truncate(path, length)}. */
    public static void truncate(String path, long length) throws ErrnoException {
        MethodHandle h = Calls.need(TRUNCATE, "truncate");
        try (Arena a = Arena.ofConfined()) {
            Calls.check("truncate", (int) h.invokeExact(Calls.state(), c(a, path), length));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw Calls.broken("truncate", e);
        }
    }

    /**
     * {@code utimensat(dirfd, name, {atime, mtime}, flags)}; a nanosecond field of {@link #UTIME_NOW} or
     * {@link #UTIME_OMIT} means what it does in C.
     */
    public static void utimensat(int dirfd, String name, long atime, long atimeNsec, long mtime, long mtimeNsec,
            int flags) throws ErrnoException {
        MethodHandle h = Calls.need(UTIMENSAT, "utimensat");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment times = a.allocate(32, 8);
            times.set(LONG, 0, atime);
            times.set(LONG, 8, atimeNsec);
            times.set(LONG, 16, mtime);
            times.set(LONG, 24, mtimeNsec);
            Calls.check("utimensat", (int) h.invokeExact(Calls.state(), dirfd, c(a, name), times, flags));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw Calls.broken("utimensat", e);
        }
    }

    /** A name's bytes as a NUL-terminated C string. */
    static MemorySegment c(Arena arena, String name) {
        return arena.allocateFrom(name, StandardCharsets.ISO_8859_1);
    }
}
