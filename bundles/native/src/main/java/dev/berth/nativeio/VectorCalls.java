package dev.berth.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Scatter and gather I/O ({@code preadv}, {@code pwritev}): one system call moves the bytes of a list of memory
 * segments, such as the scattered pages of a guest's request, where a loop would make one call per segment.
 */
public final class VectorCalls {
    /** The most segments one call takes ({@code IOV_MAX}); longer lists are moved in several calls. */
    static final int IOV_MAX = 1024;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final MethodHandle PREADV = Calls.bind("preadv",
            FunctionDescriptor.of(LONG, INT, ValueLayout.ADDRESS, INT, LONG));
    private static final MethodHandle PWRITEV = Calls.bind("pwritev",
            FunctionDescriptor.of(LONG, INT, ValueLayout.ADDRESS, INT, LONG));

    private VectorCalls() {
    }

    /** Reads into {@code segments} in turn from {@code offset}: the bytes read, fewer at the end of the file. */
    public static long preadv(int fd, List<MemorySegment> segments, long offset) throws ErrnoException {
        return move(PREADV, "preadv", fd, segments, offset);
    }

    /** Writes {@code segments} in turn at {@code offset}: the bytes written. */
    public static long pwritev(int fd, List<MemorySegment> segments, long offset) throws ErrnoException {
        return move(PWRITEV, "pwritev", fd, segments, offset);
    }

    private static long move(MethodHandle handle, String name, int fd, List<MemorySegment> segments, long offset)
            throws ErrnoException {
        long done = 0;
        try (Arena arena = Arena.ofConfined()) {
            for (int from = 0; from < segments.size(); from += IOV_MAX) {
                List<MemorySegment> part = segments.subList(from, Math.min(segments.size(), from + IOV_MAX));
                MemorySegment iov = arena.allocate(16L * part.size(), 8);   // struct iovec { void *base; size_t len; }
                long wanted = 0;
                for (int i = 0; i < part.size(); i++) {
                    iov.set(ValueLayout.ADDRESS, 16L * i, part.get(i));
                    iov.set(LONG, 16L * i + 8, part.get(i).byteSize());
                    wanted += part.get(i).byteSize();
                }
                long at = offset + done;
                long n;
                try {
                    n = Calls.run(handle, name, h -> (long) h.invokeExact(Calls.state(), fd, iov, part.size(), at));
                } catch (ErrnoException e) {
                    if (done > 0) return done;   // what moved before the failure counts; the next call reports it
                    throw e;
                }
                done += n;
                if (n < wanted) return done;   // the end of the file, or a short write the caller sees
            }
        }
        return done;
    }
}
