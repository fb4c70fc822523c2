package dev.berth.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Unix stream sockets as raw descriptors ({@code socket}, {@code bind}, {@code listen}, {@code accept4},
 * {@code connect}, {@code socketpair}, {@code shutdown}), for passing descriptors along with the bytes (see {@link SocketMessages}),
 * which the JDK's channels cannot.
 */
public final class UnixSockets {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 02000000;
    /** {@code struct sockaddr_un}: a 2-byte family, then up to 108 bytes of path with its terminating zero. */
    private static final int SOCKADDR_UN_SIZE = 110;
    private static final int PATH_MAX_BYTES = 107;
    private static final Optional<MethodHandle> SOCKET = Libc.bind("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Libc.ERRNO_CAPTURE);
    private static final Optional<MethodHandle> SOCKETPAIR = Libc.bind("socketpair",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS), Libc.ERRNO_CAPTURE);
    private static final FunctionDescriptor ADDRESS_CALL = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    private static final Optional<MethodHandle> BIND = Libc.bind("bind", ADDRESS_CALL, Libc.ERRNO_CAPTURE);
    private static final Optional<MethodHandle> CONNECT = Libc.bind("connect", ADDRESS_CALL, Libc.ERRNO_CAPTURE);
    private static final Optional<MethodHandle> LISTEN = Libc.bind("listen",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Libc.ERRNO_CAPTURE);
    private static final Optional<MethodHandle> SHUTDOWN = Libc.bind("shutdown",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Libc.ERRNO_CAPTURE);
    private static final int SHUT_RDWR = 2;
    private static final Optional<MethodHandle> ACCEPT4 = Libc.bind("accept4",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT), Libc.ERRNO_CAPTURE);

    private UnixSockets() {
    }

    /** A new stream socket bound to {@code path} (which must not exist) and listening, closed on exec. */
    public static int listen(Path path, int backlog) throws IOException {
        int fd = socket();
        try {
            addressCall(BIND, "bind", fd, path);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(Libc.CALL_STATE);
                if ((int) SyscallErrors.require(LISTEN, "listen").invokeExact(state, fd, backlog) < 0) {
                    throw SyscallErrors.failure("listen on " + path, Libc.errno(state));
                }
            }
            return fd;
        } catch (Throwable e) {
            FileDescriptors.closeQuietly(fd);
            throw SyscallErrors.unexpected("listen", e);
        }
    }

    /** Waits for and accepts one connection on a listening socket; the new descriptor is closed on exec. */
    public static int accept(int listeningFd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MethodHandle accept = SyscallErrors.require(ACCEPT4, "accept4");
            while (true) {
                int fd = (int) accept.invokeExact(state, listeningFd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
                if (fd >= 0) return fd;
                if (Libc.errno(state) != SyscallErrors.EINTR) throw SyscallErrors.failure("accept", Libc.errno(state));
            }
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("accept", e);
        }
    }

    /** A new stream socket connected to the one listening at {@code path}. */
    public static int connect(Path path) throws IOException {
        int fd = socket();
        try {
            addressCall(CONNECT, "connect", fd, path);
            return fd;
        } catch (IOException | RuntimeException e) {
            FileDescriptors.closeQuietly(fd);
            throw e;
        }
    }

    /** Two stream sockets connected to each other. */
    public static int[] pair() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            int result = (int) SyscallErrors.require(SOCKETPAIR, "socketpair")
                    .invokeExact(state, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
            if (result < 0) throw SyscallErrors.failure("socketpair", Libc.errno(state));
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("socketpair", e);
        }
    }

    /**
     * Ends both directions of a connected socket without closing its descriptor: a thread blocked reading it sees
     * the end of the stream, and one writing it an error. Closing instead would not wake a blocked reader, and the
     * number could be reused by another open while that reader still holds it.
     */
    public static void shutdown(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            if ((int) SyscallErrors.require(SHUTDOWN, "shutdown").invokeExact(state, fd, SHUT_RDWR) < 0) {
                throw SyscallErrors.failure("shutdown", Libc.errno(state));
            }
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("shutdown", e);
        }
    }

    private static int socket() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int fd = (int) SyscallErrors.require(SOCKET, "socket").invokeExact(state, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) throw SyscallErrors.failure("socket", Libc.errno(state));
            return fd;
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("socket", e);
        }
    }

    /** Calls {@code bind} or {@code connect}, which take the same arguments, with {@code path}'s address. */
    private static void addressCall(Optional<MethodHandle> handle, String name, int fd, Path path) throws IOException {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > PATH_MAX_BYTES) {
            throw new IOException("the socket path " + path + " is longer than " + PATH_MAX_BYTES + " bytes");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment address = arena.allocate(SOCKADDR_UN_SIZE, 2); // zeroed: the path ends with a zero
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(bytes, 0, address, ValueLayout.JAVA_BYTE, 2, bytes.length);
            MethodHandle call = SyscallErrors.require(handle, name);
            while (true) {
                if ((int) call.invokeExact(state, fd, address, SOCKADDR_UN_SIZE) == 0) return;
                if (Libc.errno(state) != SyscallErrors.EINTR) {
                    throw SyscallErrors.failure(name + " to " + path, Libc.errno(state));
                }
            }
        } catch (Throwable e) {
            throw SyscallErrors.unexpected(name, e);
        }
    }
}
