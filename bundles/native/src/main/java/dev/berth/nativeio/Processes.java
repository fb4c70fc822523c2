package dev.berth.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a process runs, and waiting for its end, by any pid (not only the JVM's own children). A process that
 * has ended but is not yet reaped (a zombie) counts as ended, while the JDK's {@link ProcessHandle} counts it alive:
 * a daemonized process is reaped by whoever adopted it, which may take seconds.
 *
 * <p>The end is seen through a pidfd ({@code pidfd_open}, Linux 5.3), which becomes readable the moment the process
 * exits, zombie or not; {@code poll} waits on it in the kernel. Where there is no pidfd (an older kernel, a seccomp
 * filter that forbids it), {@code /proc/PID/stat} is read every 5 ms instead.
 */
public final class Processes {
    private static final long SYS_PIDFD_OPEN = 434; // the same number on every Linux architecture
    private static final int ESRCH = 3;
    private static final int EINTR = 4;
    private static final short POLLIN = 1;
    /** How long one poll may block, so that an interrupt is noticed soon. */
    private static final int SLICE_MILLIS = 100;
    private static final Optional<MethodHandle> SYSCALL = Libc.bind("syscall",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(1), Libc.ERRNO_CAPTURE);
    private static final Optional<MethodHandle> POLL = Libc.bind("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
            Libc.ERRNO_CAPTURE);

    /** What a wait on a pidfd found. */
    private enum Outcome { ENDED, RUNS, NO_PIDFD }

    private Processes() {
    }

    /** True while {@code pid} runs; false once it has ended, reaped or not, and for a pid no process has. */
    public static boolean running(long pid) {
        return switch (awaitPidfd(pid, 0)) {
            case ENDED -> false;
            case RUNS -> true;
            case NO_PIDFD -> runningByProc(pid);
        };
    }

    /**
     * Waits until {@code pid} has ended, reaped or not.
     *
     * @return true once it has ended; false when it still runs after {@code timeout} or the thread was interrupted
     *         (its interrupt status stays set)
     */
    public static boolean awaitEnd(long pid, Duration timeout) {
        Outcome outcome = Thread.currentThread().isVirtual() ? awaitOnPlatformThread(pid, timeout.toNanos())
                : awaitPidfd(pid, timeout.toNanos());
        return switch (outcome) {
            case ENDED -> true;
            case RUNS -> false;
            case NO_PIDFD -> awaitEndByProc(pid, timeout);
        };
    }

    /**
     * Waits in a platform thread of its own: a virtual thread blocked in a native call would hold its carrier, one
     * of as few as there are cores, for as long.
     */
    private static Outcome awaitOnPlatformThread(long pid, long timeoutNanos) {
        Outcome[] outcome = {Outcome.RUNS};
        Thread waiter = Thread.ofPlatform().daemon().name("berth-process-wait-" + pid)
                .start(() -> outcome[0] = awaitPidfd(pid, timeoutNanos));
        try {
            waiter.join();
            return outcome[0];
        } catch (InterruptedException e) {
            waiter.interrupt();
            Thread.currentThread().interrupt();
            return Outcome.RUNS;
        }
    }

    /** Whether {@code pid} can be waited for through a pidfd; false where the kernel gives none. */
    static boolean pidfdWorks(long pid) {
        return awaitPidfd(pid, 0) != Outcome.NO_PIDFD;
    }

    private static Outcome awaitPidfd(long pid, long timeoutNanos) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) return Outcome.ENDED;
        if (SYSCALL.isEmpty() || POLL.isEmpty()) return Outcome.NO_PIDFD;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int fd = (int) (long) SYSCALL.get().invokeExact(state, SYS_PIDFD_OPEN, (int) pid, 0);
            if (fd < 0) return Libc.errno(state) == ESRCH ? Outcome.ENDED : Outcome.NO_PIDFD;
            try {
                return poll(arena, state, fd, timeoutNanos);
            } finally {
                FileDescriptors.closeQuietly(fd);
            }
        } catch (Throwable e) {
            return Outcome.NO_PIDFD;
        }
    }

    /** Polls a pidfd until it is readable (the process ended), the time is up or the thread is interrupted. */
    private static Outcome poll(Arena arena, MemorySegment state, int fd, long timeoutNanos) throws Throwable {
        MemorySegment pollfd = arena.allocate(8, 4); // struct pollfd { int fd; short events; short revents; }
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            pollfd.set(ValueLayout.JAVA_INT, 0, fd);
            pollfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
            pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            long left = Math.max(0, deadline - System.nanoTime());
            int millis = (int) Math.min(SLICE_MILLIS, (left + 999_999) / 1_000_000);
            int ready = (int) POLL.get().invokeExact(state, pollfd, 1L, millis);
            if (ready > 0) {
                return (pollfd.get(ValueLayout.JAVA_SHORT, 6) & POLLIN) != 0 ? Outcome.ENDED : Outcome.NO_PIDFD;
            }
            if (ready < 0 && Libc.errno(state) != EINTR) return Outcome.NO_PIDFD;
            if (deadline - System.nanoTime() <= 0 || Thread.currentThread().isInterrupted()) return Outcome.RUNS;
        }
    }

    /** The process's state as {@code /proc} shows it; the JDK's view where there is no {@code /proc}. */
    static boolean runningByProc(long pid) {
        if (!Files.isDirectory(Path.of("/proc", "self"))) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = text.lastIndexOf(')');
            char state = end > 0 && end + 2 < text.length() ? text.charAt(end + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads {@code /proc} every 5 ms until the process has ended. */
    static boolean awaitEndByProc(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (runningByProc(pid)) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
