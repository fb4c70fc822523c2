package dev.berth.cli.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Arrays;

/** Reads and writes {@link Frame}s on a byte channel; reads and writes may run in different threads. */
public final class FrameChannel implements AutoCloseable {
    private final ByteChannel channel;
    private final Object writeLock = new Object();

    /** Wraps a connected channel. */
    public FrameChannel(ByteChannel channel) {
        this.channel = channel;
    }

    /** Writes one frame. */
    public void write(Frame frame) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5).put(frame.type()).putInt(frame.payload().length).flip();
        ByteBuffer body = ByteBuffer.wrap(frame.payload());
        synchronized (writeLock) {
            while (header.hasRemaining()) channel.write(header);
            while (body.hasRemaining()) channel.write(body);
        }
    }

    /**
     * Reads one frame.
     *
     * @return the frame, or null when the peer closed the connection between frames
     * @throws ProtocolException when the peer announces a payload larger than {@link Frame#MAX_PAYLOAD}
     */
    public Frame read() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(5);
        if (!fill(header, true)) return null;
        header.flip();
        byte type = header.get();
        int length = header.getInt();
        if (length < 0 || length > Frame.MAX_PAYLOAD) {
            throw new ProtocolException("frame of " + length + " bytes exceeds the limit of " + Frame.MAX_PAYLOAD);
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        fill(body, false);
        return new Frame(type, body.array());
    }

    private boolean fill(ByteBuffer buffer, boolean eofAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (eofAllowed && buffer.position() == 0) return false;
                throw new EOFException("connection closed in the middle of a frame");
            }
        }
        return true;
    }

    /** An output stream that sends everything written to it as frames of one type. */
    public OutputStream stream(byte type) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int at = off; at < off + len; at += Frame.MAX_PAYLOAD) {
                    int n = Math.min(Frame.MAX_PAYLOAD, off + len - at);
                    FrameChannel.this.write(new Frame(type, Arrays.copyOfRange(b, at, at + n)));
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
