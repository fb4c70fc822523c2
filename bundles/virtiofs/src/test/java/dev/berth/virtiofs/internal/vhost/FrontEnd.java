package dev.berth.virtiofs.internal.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.nativeio.FileDescriptors;
import dev.berth.nativeio.SocketMessages;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The front end's half of the vhost-user protocol, as QEMU speaks it, for tests. */
final class FrontEnd implements AutoCloseable {
    private final int socket;

    FrontEnd(int socket) {
        this.socket = socket;
    }

    /** Sends one message with the given payload and descriptors. */
    void send(int request, int flags, ByteBuffer payload, int... fds) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment message = arena.allocate(Protocol.HEADER_SIZE + payload.limit());
            ByteBuffer out = message.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(request).putInt(Protocol.VERSION | flags).putInt(payload.limit()).put(payload.duplicate().rewind());
            long sent = SocketMessages.send(socket, message, fds);
            while (sent < message.byteSize()) sent += SocketMessages.send(socket, message.asSlice(sent));
        }
    }

    /** Reads the reply to {@code request} and returns its payload. */
    ByteBuffer reply(int request) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(Protocol.HEADER_SIZE);
            readFully(header);
            ByteBuffer head = header.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(request, head.getInt(0), "the reply's request");
            assertEquals(Protocol.VERSION | Protocol.REPLY, head.getInt(4), "the reply's flags, exactly as QEMU checks them");
            MemorySegment body = arena.allocate(Math.max(1, head.getInt(8))).asSlice(0, head.getInt(8));
            readFully(body);
            ByteBuffer payload = ByteBuffer.allocate(head.getInt(8)).order(ByteOrder.LITTLE_ENDIAN);
            payload.put(body.asByteBuffer()).flip();
            return payload;
        }
    }

    long u64Request(int request) throws IOException {
        send(request, 0, ByteBuffer.allocate(0));
        return reply(request).getLong(0);
    }

    /** Sends a u64 message that wants an acknowledgement (REPLY_ACK) and returns its status, 0 for success. */
    long acked(int request, ByteBuffer payload, int... fds) throws IOException {
        send(request, Protocol.NEED_REPLY, payload, fds);
        return reply(request).getLong(0);
    }

    static ByteBuffer u64(long value) {
        return le(8).putLong(0, value);
    }

    static ByteBuffer state(int index, int num) {
        return le(8).putInt(0, index).putInt(4, num);
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void readFully(MemorySegment buffer) throws IOException {
        long offset = 0;
        while (offset < buffer.byteSize()) {
            SocketMessages.Received got = SocketMessages.receive(socket, buffer.asSlice(offset));
            for (int fd : got.fds()) FileDescriptors.closeQuietly(fd);
            if (got.bytes() == 0) throw new IOException("the back end closed the connection");
            offset += got.bytes();
        }
    }

    @Override
    public void close() {
        FileDescriptors.closeQuietly(socket);
    }
}
