package dev.berth.hypervisor.qemu.internal.qmp;

import dev.berth.nativeio.FileDescriptors;
import dev.berth.nativeio.SocketMessages;
import dev.berth.nativeio.UnixSockets;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * The connection to QEMU's control socket as a raw descriptor, because commands such as {@code getfd} must carry a
 * descriptor along (SCM_RIGHTS), which the JDK's socket channels cannot send.
 *
 * <p>One thread reads ({@link #input()}) and, once it has seen the end, {@link #close() closes} the descriptor;
 * writers are serialized by the caller and never write after that close; {@link #shutdown()} may come from any
 * thread and ends the reader's wait. So the descriptor's number is never used after it could have been reused.
 */
final class QmpSocket {
    private final int fd;
    private final Object lock = new Object();
    private volatile boolean open = true;

    private QmpSocket(int fd) {
        this.fd = fd;
    }

    /** Connects to QEMU's control socket at {@code path}. */
    static QmpSocket connect(Path path) throws IOException {
        return new QmpSocket(UnixSockets.connect(path));
    }

    /** Whether the descriptor is still open: a writer checks this while it holds the lock it shares with the closer. */
    boolean isOpen() {
        return open;
    }

    /** Sends all of {@code bytes}, with {@code fds} (which QEMU duplicates for itself) riding on the first byte. */
    void send(byte[] bytes, int... fds) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            long done = SocketMessages.send(fd, data, fds);
            while (done < bytes.length) done += SocketMessages.send(fd, data.asSlice(done));
        }
    }

    /** The bytes QEMU sends, for the one reading thread; its end is QEMU's close or a {@link #shutdown()}. */
    InputStream input() {
        return new InputStream() {
            private final MemorySegment buffer = Arena.ofAuto().allocate(8192);

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                if (length == 0) return 0;
                SocketMessages.Received got = SocketMessages.receive(fd,
                        buffer.asSlice(0, Math.min(length, buffer.byteSize())));
                for (int unexpected : got.fds()) FileDescriptors.closeQuietly(unexpected); // QEMU sends none
                if (got.bytes() == 0) return -1;
                MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, offset, got.bytes());
                return got.bytes();
            }
        };
    }

    /** Ends the connection both ways, waking the reader, unless the descriptor is closed already. */
    void shutdown() {
        synchronized (lock) {
            if (!open) return;
            try {
                UnixSockets.shutdown(fd);
            } catch (IOException e) {
                // the peer has gone already: the reader sees the end anyway
            }
        }
    }

    /** Closes the descriptor; for the reading thread, after its last read, while writers are held off. */
    void close() {
        synchronized (lock) {
            if (!open) return;
            open = false;
            FileDescriptors.closeQuietly(fd);
        }
    }
}
