package dev.berth.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a program in a session of its own ({@code posix_spawn} with {@code POSIX_SPAWN_SETSID}), with standard
 * input from {@code /dev/null}, its output appended to a log, no other descriptor of this process and an empty
 * signal mask: a daemon that a terminal's hang-up or Ctrl-C never reaches, started without a shell or
 * {@code setsid(1)}.
 */
public final class Spawn {
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    private static final int O_RDONLY = 0, O_WRONLY = 1, O_CREAT = 0100, O_APPEND = 02000;
    private static final int WNOHANG = 1;
    /** glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336; room to spare for others. */
    private static final long OPAQUE = 1024;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final MethodHandle SPAWN = need("posix_spawn", FunctionDescriptor.of(INT, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle ACTIONS_INIT = need("posix_spawn_file_actions_init",
            FunctionDescriptor.of(INT, ValueLayout.ADDRESS));
    private static final MethodHandle ACTIONS_DESTROY = need("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(INT, ValueLayout.ADDRESS));
    private static final MethodHandle ADD_OPEN = need("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(INT, ValueLayout.ADDRESS, INT, ValueLayout.ADDRESS, INT, INT));
    private static final MethodHandle ADD_DUP2 = need("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(INT, ValueLayout.ADDRESS, INT, INT));
    /** glibc 2.34 and later; where missing, descriptors without close-on-exec would be inherited. */
    private static final Optional<MethodHandle> ADD_CLOSEFROM = Libc.bind("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(INT, ValueLayout.ADDRESS, INT));
    private static final MethodHandle ATTR_INIT = need("posix_spawnattr_init", FunctionDescriptor.of(INT, ValueLayout.ADDRESS));
    private static final MethodHandle ATTR_DESTROY = need("posix_spawnattr_destroy",
            FunctionDescriptor.of(INT, ValueLayout.ADDRESS));
    private static final MethodHandle SET_FLAGS = need("posix_spawnattr_setflags",
            FunctionDescriptor.of(INT, ValueLayout.ADDRESS, ValueLayout.JAVA_SHORT));
    private static final MethodHandle SET_SIGMASK = need("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle SIGEMPTYSET = need("sigemptyset", FunctionDescriptor.of(INT, ValueLayout.ADDRESS));
    private static final MethodHandle WAITPID = need("waitpid",
            FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, INT));

    private Spawn() {
    }

    private static MethodHandle need(String name, FunctionDescriptor descriptor) {
        return Libc.bind(name, descriptor).orElse(null);
    }

    /**
     * Starts {@code argv} (its first element an absolute path) in a new session with exactly {@code environment},
     * standard input from {@code /dev/null} and standard output and error appended to {@code log} (created 0600 if
     * missing), and reaps it when it ends, so it never lingers as a zombie of this process.
     *
     * @return the process id
     */
    public static long detached(List<String> argv, Map<String, String> environment, Path log) throws IOException {
        if (SPAWN == null || ACTIONS_INIT == null || ATTR_INIT == null || SET_FLAGS == null || WAITPID == null) {
            throw new IOException("posix_spawn is not available in this C library");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(OPAQUE, 16);
            MemorySegment attr = arena.allocate(OPAQUE, 16);
            check("posix_spawn_file_actions_init", (int) ACTIONS_INIT.invokeExact(actions));
            check("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
            try {
                check("addopen /dev/null", (int) ADD_OPEN.invokeExact(actions, 0, arena.allocateFrom("/dev/null"),
                        O_RDONLY, 0));
                check("addopen " + log, (int) ADD_OPEN.invokeExact(actions, 1, arena.allocateFrom(log.toString()),
                        O_WRONLY | O_APPEND | O_CREAT, 0600));
                check("adddup2", (int) ADD_DUP2.invokeExact(actions, 1, 2));
                if (ADD_CLOSEFROM.isPresent()) {
                    check("addclosefrom", (int) ADD_CLOSEFROM.get().invokeExact(actions, 3));
                }
                MemorySegment mask = arena.allocate(128, 8);
                check("sigemptyset", (int) SIGEMPTYSET.invokeExact(mask) == 0 ? 0 : 22);
                check("setsigmask", (int) SET_SIGMASK.invokeExact(attr, mask));
                check("setflags", (int) SET_FLAGS.invokeExact(attr, (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK)));
                MemorySegment pid = arena.allocate(INT);
                int error = (int) SPAWN.invokeExact(pid, arena.allocateFrom(argv.getFirst()), actions, attr,
                        strings(arena, argv), strings(arena, environment.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
                if (error != 0) {
                    throw new IOException("cannot start " + argv.getFirst() + ": " + SyscallErrors.meaning(error) + " (errno " + error + ")");
                }
                long started = pid.get(INT, 0);
                reapWhenEnded(started);
                return started;
            } finally {
                int ignored = (int) ATTR_DESTROY.invokeExact(attr);
                ignored = (int) ACTIONS_DESTROY.invokeExact(actions);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("posix_spawn could not be called: " + e, e);
        }
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(String call, int error) throws IOException {
        if (error != 0) throw new IOException(call + " failed: " + SyscallErrors.meaning(error) + " (errno " + error + ")");
    }

    /**
     * Collects the child's exit status once it ends, on a virtual thread that waits on its pidfd; a child of a
     * client that exits first is collected by init instead.
     */
    private static void reapWhenEnded(long pid) {
        Thread.ofVirtual().name("berth-reap-" + pid).start(() -> {
            while (!Processes.awaitEnd(pid, Duration.ofHours(1))) {
                // still running
            }
            try {
                int ignored = (int) WAITPID.invokeExact((int) pid, MemorySegment.NULL, WNOHANG);
            } catch (Throwable e) {
                // nothing more to do: the kernel keeps the zombie until this process ends
            }
        });
    }
}
