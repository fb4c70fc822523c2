package dev.berth.nativeio;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * System calls on an open descriptor. Reads and writes go straight between the file and a memory segment (which
 * may be foreign memory, such as a guest's), without a copy. Every call throws {@link ErrnoException} on failure.
 */
public final class FdCalls {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;
    private static final MethodHandle PREAD = Calls.bind("pread", FunctionDescriptor.of(LONG, INT, PTR, LONG, LONG));
    private static final MethodHandle PWRITE = Calls.bind("pwrite", FunctionDescriptor.of(LONG, INT, PTR, LONG, LONG));
    private static final MethodHandle FSYNC = Calls.bind("fsync", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle FDATASYNC = Calls.bind("fdatasync", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle FALLOCATE = Calls.bind("fallocate",
            FunctionDescriptor.of(INT, INT, INT, LONG, LONG));
    private static final MethodHandle LSEEK = Calls.bind("lseek", FunctionDescriptor.of(LONG, INT, LONG, INT));
    private static final MethodHandle READ = Calls.bind("read", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    private static final MethodHandle WRITE = Calls.bind("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    private static final MethodHandle FTRUNCATE = Calls.bind("ftruncate", FunctionDescriptor.of(INT, INT, LONG));
    private static final MethodHandle GETDENTS64 = Calls.bind("getdents64", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    private static final MethodHandle GETEUID = Calls.bind("geteuid", FunctionDescriptor.of(INT));
    private static final MethodHandle GETEGID = Calls.bind("getegid", FunctionDescriptor.of(INT));

    private FdCalls() {
    }

    /** {@code pread(fd, buf, buf.byteSize(), offset)}: the bytes read, 0 at the end of the file. */
    public static long pread(int fd, MemorySegment buf, long offset) throws ErrnoException {
        return Calls.run(PREAD, "pread", h -> (long) h.invokeExact(Calls.state(), fd, buf, buf.byteSize(), offset));
    }

    /** {@code pwrite(fd, buf, buf.byteSize(), offset)}: the bytes written. */
    public static long pwrite(int fd, MemorySegment buf, long offset) throws ErrnoException {
        return Calls.run(PWRITE, "pwrite", h -> (long) h.invokeExact(Calls.state(), fd, buf, buf.byteSize(), offset));
    }

    /** {@code read(fd, buf, buf.byteSize())}: the bytes read. */
    public static long read(int fd, MemorySegment buf) throws ErrnoException {
        return Calls.run(READ, "read", h -> (long) h.invokeExact(Calls.state(), fd, buf, buf.byteSize()));
    }

    /** {@code write(fd, buf, buf.byteSize())}: the bytes written. */
    public static long write(int fd, MemorySegment buf) throws ErrnoException {
        return Calls.run(WRITE, "write", h -> (long) h.invokeExact(Calls.state(), fd, buf, buf.byteSize()));
    }

    /** {@code fdatasync(fd)} when {@code dataOnly}, else {@code fsync(fd)}. */
    public static void fsync(int fd, boolean dataOnly) throws ErrnoException {
        Calls.run(dataOnly ? FDATASYNC : FSYNC, dataOnly ? "fdatasync" : "fsync",
                h -> (int) h.invokeExact(Calls.state(), fd));
    }

    /** {@code fallocate(fd, mode, offset, length)}. */
    public static void fallocate(int fd, int mode, long offset, long length) throws ErrnoException {
        Calls.run(FALLOCATE, "fallocate", h -> (int) h.invokeExact(Calls.state(), fd, mode, offset, length));
    }

    /** {@code ftruncate(fd, length)}. */
    public static void ftruncate(int fd, long length) throws ErrnoException {
        Calls.run(FTRUNCATE, "ftruncate", h -> (int) h.invokeExact(Calls.state(), fd, length));
    }

    /** {@code lseek(fd, offset, whence)}: the new offset. */
    public static long lseek(int fd, long offset, int whence) throws ErrnoException {
        return Calls.run(LSEEK, "lseek", h -> (long) h.invokeExact(Calls.state(), fd, offset, whence));
    }

    /** {@code getdents64(fd, buf, size)}: the bytes of {@code struct linux_dirent64} records read, 0 at the end. */
    public static long getdents64(int fd, MemorySegment buf) throws ErrnoException {
        return Calls.run(GETDENTS64, "getdents64", h -> (long) h.invokeExact(Calls.state(), fd, buf, buf.byteSize()));
    }

    /** This process's effective user id. */
    public static int geteuid() {
        try {
            return (int) Calls.need(GETEUID, "geteuid").invokeExact(Calls.state());
        } catch (Throwable e) {
            throw Calls.broken("geteuid", e);
        }
    }

    /** This process's effective group id. */
    public static int getegid() {
        try {
            return (int) Calls.need(GETEGID, "getegid").invokeExact(Calls.state());
        } catch (Throwable e) {
            throw Calls.broken("getegid", e);
        }
    }
}
