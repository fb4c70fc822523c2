package dev.berth.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.OptionalLong;
import java.util.Optional;

/** Linux event counters ({@code eventfd}): creating one, adding to its count and taking the count. */
public final class EventFds {
    /** {@code EFD_NONBLOCK}: reading an empty counter fails at once instead of waiting. */
    public static final int NONBLOCK = 04000;
    private static final int EFD_CLOEXEC = 02000000;
    private static final Optional<MethodHandle> EVENTFD = Libc.bind("eventfd",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Libc.ERRNO_CAPTURE);
    private static final Optional<MethodHandle> READ = Libc.bind("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Libc.ERRNO_CAPTURE);
    private static final Optional<MethodHandle> WRITE = Libc.bind("write",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Libc.ERRNO_CAPTURE);

    private EventFds() {
    }

    /** A new counter starting at zero, closed on exec; {@code flags} may be {@link #NONBLOCK}. */
    public static int create(int flags) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int fd = (int) SyscallErrors.require(EVENTFD, "eventfd").invokeExact(state, 0, flags | EFD_CLOEXEC);
            if (fd < 0) throw SyscallErrors.failure("eventfd", Libc.errno(state));
            return fd;
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("eventfd", e);
        }
    }

    /** Adds {@code value} to the counter, which wakes whoever waits on it. */
    public static void signal(int fd, long value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment buffer = arena.allocate(ValueLayout.JAVA_LONG);
            buffer.set(ValueLayout.JAVA_LONG, 0, value);
            MethodHandle write = SyscallErrors.require(WRITE, "write");
            long written;
            do {
                written = (long) write.invokeExact(state, fd, buffer, 8L);
            } while (written < 0 && Libc.errno(state) == SyscallErrors.EINTR);
            if (written < 0) throw SyscallErrors.failure("write to eventfd " + fd, Libc.errno(state));
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("write to eventfd", e);
        }
    }

    /**
     * Takes the counter's value, resetting it to zero; waits for a non-zero count unless the counter is
     * non-blocking.
     *
     * @return the count, or empty when a non-blocking counter was zero
     */
    public static OptionalLong take(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment buffer = arena.allocate(ValueLayout.JAVA_LONG);
            MethodHandle read = SyscallErrors.require(READ, "read");
            long got;
            do {
                got = (long) read.invokeExact(state, fd, buffer, 8L);
            } while (got < 0 && Libc.errno(state) == SyscallErrors.EINTR);
            if (got < 0 && Libc.errno(state) == SyscallErrors.EAGAIN) return OptionalLong.empty();
            if (got < 0) throw SyscallErrors.failure("read from eventfd " + fd, Libc.errno(state));
            if (got != 8) throw new IOException("read from eventfd " + fd + " returned " + got + " bytes, not 8");
            return OptionalLong.of(buffer.get(ValueLayout.JAVA_LONG, 0));
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("read from eventfd", e);
        }
    }
}
