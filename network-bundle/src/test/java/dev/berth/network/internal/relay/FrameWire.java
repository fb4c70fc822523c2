package dev.berth.network.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The relay's frames over a blocking socket, as a test's stand-in for either side: written with {@link Frames} and
 * read with the relay's own decoder, so the tests hold no copy of the format.
 */
final class FrameWire implements AutoCloseable {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private final SocketChannel channel;
    private final EmbeddedChannel decoder = new EmbeddedChannel(Frames.decoder());
    private final ByteBuffer buffer = ByteBuffer.allocate(Frames.MAX_DATA);

    /** One frame read. */
    record Frame(int id, int type, byte[] payload) {
        /** The payload as text (a CLOSE's reason). */
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The payload as a CREDIT's byte count. */
        long credit() {
            return Integer.toUnsignedLong(ByteBuffer.wrap(payload).getInt());
        }
    }

    FrameWire(SocketChannel channel) {
        this.channel = channel;
    }

    /** Sends one frame. */
    void send(int id, int type, byte[] payload) throws IOException {
        write(Frames.frame(ALLOC, id, type, Unpooled.wrappedBuffer(payload)));
    }

    /** Sends a frame the relay built. */
    void write(ByteBuf frame) throws IOException {
        try {
            for (ByteBuffer b : frame.nioBuffers()) while (b.hasRemaining()) channel.write(b);
        } finally {
            frame.release();
        }
    }

    /** Sends bytes outside any frame. */
    void raw(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) channel.write(b);
    }

    /** The next frame; throws EOFException when the other side closed. */
    Frame next() throws IOException {
        while (true) {
            Object msg = decoder.readInbound();
            if (msg instanceof ByteBuf f) {
                try {
                    byte[] payload = new byte[f.readableBytes() - Frames.HEADER];
                    Frames.payload(f).getBytes(0, payload);
                    return new Frame(Frames.id(f), Frames.type(f), payload);
                } finally {
                    f.release();
                }
            }
            if (msg != null) throw new IOException("unexpected " + msg);
            buffer.clear();
            if (channel.read(buffer) < 0) throw new EOFException();
            decoder.writeInbound(Unpooled.copiedBuffer(buffer.flip()));
        }
    }

    /** The next frame of {@code type}, skipping others. */
    Frame next(int type) throws IOException {
        for (Frame f = next(); ; f = next()) if (f.type() == type) return f;
    }

    @Override
    public void close() throws IOException {
        decoder.finishAndReleaseAll();
        channel.close();
    }
}
