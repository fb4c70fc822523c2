package dev.berth.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** Closing raw file descriptors and waiting until one of them is readable ({@code close}, {@code poll}). */
public final class FileDescriptors {
    private static final short POLLIN = 1;
    private static final Optional<MethodHandle> CLOSE = Optional.ofNullable(Calls.bind("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
    private static final Optional<MethodHandle> POLL = Libc.bind("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
            Libc.ERRNO_CAPTURE);

    private FileDescriptors() {
    }

    /** Closes {@code fd}; a negative one is ignored. */
    public static void close(int fd) throws IOException {
        if (fd < 0) return;
        try {
            // the per-thread state rather than an arena per call: the file server closes descriptors all the time
            MemorySegment state = Calls.state();
            int result = (int) SyscallErrors.require(CLOSE, "close").invokeExact(state, fd);
            // after EINTR Linux has closed the descriptor already: closing again could close another's
            if (result < 0 && Libc.errno(state) != SyscallErrors.EINTR) {
                throw SyscallErrors.failure("close(" + fd + ")", Libc.errno(state));
            }
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("close", e);
        }
    }

    /** Closes {@code fd}, ignoring failure: for cleaning up after another error. */
    public static void closeQuietly(int fd) {
        try {
            close(fd);
        } catch (IOException e) {
            // nothing more can be done with a descriptor that cannot be closed
        }
    }

    /**
     * Waits without a time limit until at least one of {@code fds} is readable (or has hung up).
     *
     * @return for each descriptor, whether it is ready, in the order given
     */
    public static boolean[] awaitReadable(int... fds) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment pollfds = arena.allocate(8L * fds.length, 4);
            MethodHandle poll = SyscallErrors.require(POLL, "poll");
            while (true) {
                for (int i = 0; i < fds.length; i++) {
                    pollfds.set(ValueLayout.JAVA_INT, 8L * i, fds[i]);
                    pollfds.set(ValueLayout.JAVA_SHORT, 8L * i + 4, POLLIN);
                    pollfds.set(ValueLayout.JAVA_SHORT, 8L * i + 6, (short) 0);
                }
                int ready = (int) poll.invokeExact(state, pollfds, (long) fds.length, -1);
                if (ready < 0 && Libc.errno(state) == SyscallErrors.EINTR) continue;
                if (ready < 0) throw SyscallErrors.failure("poll", Libc.errno(state));
                boolean[] result = new boolean[fds.length];
                for (int i = 0; i < fds.length; i++) result[i] = pollfds.get(ValueLayout.JAVA_SHORT, 8L * i + 6) != 0;
                return result;
            }
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("poll", e);
        }
    }
}
