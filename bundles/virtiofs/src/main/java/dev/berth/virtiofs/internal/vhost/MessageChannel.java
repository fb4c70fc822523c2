package dev.berth.virtiofs.internal.vhost;

import dev.berth.nativeio.FileDescriptors;
import dev.berth.nativeio.SocketMessages;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Reads and writes vhost-user messages on a connected Unix socket, with the descriptors they carry. */
final class MessageChannel {
    private final int socket;

    MessageChannel(int socket) {
        this.socket = socket;
    }

    /**
     * The next message.
     *
     * @throws EOFException when the front end closed the connection before a message began
     * @throws IOException when the socket fails or a message breaks the protocol
     */
    Message read() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(Protocol.HEADER_SIZE);
            int[][] fds = {new int[0]};
            try {
                if (!readFully(header, fds, true)) throw new EOFException("the front end closed the connection");
            } catch (IOException e) {
                for (int fd : fds[0]) FileDescriptors.closeQuietly(fd);
                throw e;
            }
            ByteBuffer head = header.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            int request = head.getInt(0);
            int flags = head.getInt(4);
            int size = head.getInt(8);
            try {
                if ((flags & Protocol.VERSION_MASK) != Protocol.VERSION) {
                    throw new IOException("a message of version " + (flags & Protocol.VERSION_MASK) + ", not 1");
                }
                if (size < 0 || size > Protocol.MAX_PAYLOAD) {
                    throw new IOException(Protocol.name(request) + " announces " + Integer.toUnsignedString(size) + " bytes");
                }
                ByteBuffer payload = Message.payloadOf(size);
                if (size > 0) {
                    MemorySegment body = arena.allocate(size);
                    if (!readFully(body, fds, false)) throw new EOFException("the connection closed within a message");
                    payload.put(body.asByteBuffer()).flip();
                }
                return new Message(request, flags, payload, fds[0]);
            } catch (IOException e) {
                for (int fd : fds[0]) FileDescriptors.closeQuietly(fd);
                throw e;
            }
        }
    }

    /** Sends a reply to {@code request}: the header with the reply flag, then {@code payload}. */
    void reply(int request, ByteBuffer payload) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment message = arena.allocate(Protocol.HEADER_SIZE + payload.limit());
            ByteBuffer out = message.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(request).putInt(Protocol.VERSION | Protocol.REPLY).putInt(payload.limit()).put(payload.duplicate().rewind());
            long offset = 0;
            while (offset < message.byteSize()) {
                offset += SocketMessages.send(socket, message.asSlice(offset));
            }
        }
    }

    /**
     * Fills {@code buffer}, adding any descriptors that come along to {@code fds}, which the caller closes on failure.
     *
     * @return false when the connection closed before the first byte and {@code endAllowed}
     */
    private boolean readFully(MemorySegment buffer, int[][] fds, boolean endAllowed) throws IOException {
        long offset = 0;
        while (offset < buffer.byteSize()) {
            SocketMessages.Received got = SocketMessages.receive(socket, buffer.asSlice(offset));
            if (got.fds().length > 0) {
                int[] all = Arrays.copyOf(fds[0], fds[0].length + got.fds().length);
                System.arraycopy(got.fds(), 0, all, fds[0].length, got.fds().length);
                fds[0] = all;
            }
            if (got.bytes() == 0) {
                if (offset == 0 && endAllowed && fds[0].length == 0) return false;
                throw new EOFException("the connection closed within a message");
            }
            offset += got.bytes();
        }
        return true;
    }
}
