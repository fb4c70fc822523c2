package dev.berth.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** This process's limit on open files ({@code getrlimit}/{@code setrlimit} of {@code RLIMIT_NOFILE}). */
public final class Limits {
    private static final int RLIMIT_NOFILE = 7;
    private static final Optional<MethodHandle> GETRLIMIT = Libc.bind("getrlimit",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final Optional<MethodHandle> SETRLIMIT = Libc.bind("setrlimit",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    private Limits() {
    }

    /**
     * Raises the open-file limit to {@code wanted} where this process may (it holds CAP_SYS_RESOURCE, as root
     * normally does), else its soft limit to its hard one, and returns the soft limit in force then; -1 when the
     * calls are not available.
     */
    public static long raiseOpenFiles(long wanted) {
        if (GETRLIMIT.isEmpty() || SETRLIMIT.isEmpty()) return -1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(16, 8); // struct rlimit { rlim_t cur, max; }
            if ((int) GETRLIMIT.get().invokeExact(RLIMIT_NOFILE, limit) != 0) return -1;
            long hard = limit.get(ValueLayout.JAVA_LONG, 8);
            if (hard >= 0 && hard < wanted) {
                limit.set(ValueLayout.JAVA_LONG, 0, wanted);
                limit.set(ValueLayout.JAVA_LONG, 8, wanted);
                if ((int) SETRLIMIT.get().invokeExact(RLIMIT_NOFILE, limit) == 0) return wanted;
            }
            limit.set(ValueLayout.JAVA_LONG, 0, hard);
            limit.set(ValueLayout.JAVA_LONG, 8, hard);
            int ignored = (int) SETRLIMIT.get().invokeExact(RLIMIT_NOFILE, limit);
            if ((int) GETRLIMIT.get().invokeExact(RLIMIT_NOFILE, limit) != 0) return -1;
            return limit.get(ValueLayout.JAVA_LONG, 0);
        } catch (Throwable e) {
            return -1;
        }
    }
}
