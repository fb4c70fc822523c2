package dev.berth.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Sending and receiving bytes on a Unix socket together with file descriptors ({@code sendmsg}, {@code recvmsg}
 * with {@code SCM_RIGHTS}). Layouts are those of 64-bit Linux ({@code struct msghdr}, {@code struct cmsghdr}).
 */
public final class SocketMessages {
    /** The most descriptors one message may carry here. */
    public static final int MAX_FDS = 16;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CTRUNC = 0x8;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final long MSGHDR_SIZE = 56;
    private static final long CMSG_HEADER = 16;
    private static final Optional<MethodHandle> SENDMSG = Libc.bind("sendmsg",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Libc.ERRNO_CAPTURE);
    private static final Optional<MethodHandle> RECVMSG = Libc.bind("recvmsg",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Libc.ERRNO_CAPTURE);

    /**
     * What one {@code recvmsg} brought.
     *
     * @param bytes how many bytes were read into the buffer; 0 when the peer has closed the connection
     * @param fds the descriptors that came with them (now this process's, closed on exec)
     */
    public record Received(int bytes, int[] fds) {
    }

    private SocketMessages() {
    }

    /**
     * Sends {@code data} with {@code fds} (which may be empty) in one {@code sendmsg}.
     *
     * @return how many bytes were sent; the descriptors go with the first byte
     */
    public static int send(int socket, MemorySegment data, int... fds) throws IOException {
        if (fds.length > MAX_FDS) throw new IOException("cannot send more than " + MAX_FDS + " descriptors at once");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment control = MemorySegment.NULL;
            if (fds.length > 0) {
                control = arena.allocate(controlSpace(fds.length), 8);
                control.set(ValueLayout.JAVA_LONG, 0, CMSG_HEADER + 4L * fds.length);
                control.set(ValueLayout.JAVA_INT, 8, SOL_SOCKET);
                control.set(ValueLayout.JAVA_INT, 12, SCM_RIGHTS);
                MemorySegment.copy(fds, 0, control, ValueLayout.JAVA_INT, CMSG_HEADER, fds.length);
            }
            MemorySegment message = header(arena, data, control);
            MethodHandle sendmsg = SyscallErrors.require(SENDMSG, "sendmsg");
            while (true) {
                long sent = (long) sendmsg.invokeExact(state, socket, message, MSG_NOSIGNAL);
                if (sent >= 0) return (int) sent;
                if (Libc.errno(state) != SyscallErrors.EINTR) throw SyscallErrors.failure("sendmsg", Libc.errno(state));
            }
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("sendmsg", e);
        }
    }

    /** Receives into {@code buffer} (at most its size) in one {@code recvmsg}, with any descriptors sent along. */
    public static Received receive(int socket, MemorySegment buffer) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment control = arena.allocate(controlSpace(MAX_FDS), 8);
            MemorySegment message = header(arena, buffer, control);
            MethodHandle recvmsg = SyscallErrors.require(RECVMSG, "recvmsg");
            long got;
            while (true) {
                got = (long) recvmsg.invokeExact(state, socket, message, MSG_CMSG_CLOEXEC);
                if (got >= 0) break;
                if (Libc.errno(state) != SyscallErrors.EINTR) throw SyscallErrors.failure("recvmsg", Libc.errno(state));
            }
            int[] fds = descriptors(control, message.get(ValueLayout.JAVA_LONG, 40));
            if ((message.get(ValueLayout.JAVA_INT, 48) & MSG_CTRUNC) != 0) {
                for (int fd : fds) FileDescriptors.closeQuietly(fd);
                throw new IOException("recvmsg: more than " + MAX_FDS + " descriptors came with one message");
            }
            return new Received((int) got, fds);
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("recvmsg", e);
        }
    }

    /** A {@code struct msghdr} with one {@code iovec} over {@code data} and the given control buffer. */
    private static MemorySegment header(Arena arena, MemorySegment data, MemorySegment control) {
        MemorySegment iovec = arena.allocate(16, 8);
        iovec.set(ValueLayout.ADDRESS, 0, data);
        iovec.set(ValueLayout.JAVA_LONG, 8, data.byteSize());
        MemorySegment message = arena.allocate(MSGHDR_SIZE, 8); // zeroed: no name, no flags
        message.set(ValueLayout.ADDRESS, 16, iovec);
        message.set(ValueLayout.JAVA_LONG, 24, 1L);
        message.set(ValueLayout.ADDRESS, 32, control);
        message.set(ValueLayout.JAVA_LONG, 40, control.equals(MemorySegment.NULL) ? 0L : control.byteSize());
        return message;
    }

    /** The descriptors of every {@code SCM_RIGHTS} entry in the first {@code length} bytes of {@code control}. */
    private static int[] descriptors(MemorySegment control, long length) {
        int[] fds = new int[0];
        long offset = 0;
        while (offset + CMSG_HEADER <= length) {
            long entryLength = control.get(ValueLayout.JAVA_LONG, offset);
            if (entryLength < CMSG_HEADER || offset + entryLength > length) break;
            if (control.get(ValueLayout.JAVA_INT, offset + 8) == SOL_SOCKET
                    && control.get(ValueLayout.JAVA_INT, offset + 12) == SCM_RIGHTS) {
                int count = (int) ((entryLength - CMSG_HEADER) / 4);
                int[] more = new int[fds.length + count];
                System.arraycopy(fds, 0, more, 0, fds.length);
                MemorySegment.copy(control, ValueLayout.JAVA_INT, offset + CMSG_HEADER, more, fds.length, count);
                fds = more;
            }
            offset += (entryLength + 7) & ~7L;
        }
        return fds;
    }

    private static long controlSpace(int fdCount) {
        return CMSG_HEADER + ((4L * fdCount + 7) & ~7L);
    }
}
