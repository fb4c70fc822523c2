package dev.berth.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opening and closing raw file descriptors and waiting until one of them is readable ({@code open}, {@code close},
 * {@code poll}), for descriptors handed to other processes or waited on, which the JDK's channels do not expose.
 */
public final class FileDescriptors {
    private static final short POLLIN = 1;
    private static final Optional<MethodHandle> CLOSE = Optional.ofNullable(Calls.bind("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
    private static final Optional<MethodHandle> POLL = Libc.bind("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
            Libc.ERRNO_CAPTURE);

    private FileDescriptors() {
    }

    /**
     * Opens {@code path} with {@code open(2)} flags from {@link OpenFlags} ({@code O_CLOEXEC} is always added) and,
     * when it is created, {@code mode} (less the umask).
     *
     * @return the new descriptor, which the caller closes
     * @throws IOException naming the path and what the error means, such as a missing folder or a file that exists
     */
    public static int open(Path path, int flags, int mode) throws IOException {
        try {
            return PathCalls.openat(OpenFlags.AT_FDCWD, path.toString(), flags | OpenFlags.O_CLOEXEC, mode);
        } catch (ErrnoException e) {
            throw SyscallErrors.failure("open " + path, e.errno());
        }
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
