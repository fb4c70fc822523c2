package dev.berth.network.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The frames Berth exchanges with the guest's port relay (portd): an 8-byte big-endian header (stream id, type,
 * 24-bit payload length) and the payload; the guest side's source documents each type.
 */
final class Frames {
    static final int HEADER = 8;
    /** The longest payload a frame may have: one DATA frame of bytes, or one datagram. */
    static final int MAX_DATA = 65536;
    /** The longest UDP datagram over IPv4, which one DATA frame carries whole. */
    static final int MAX_DATAGRAM = 65507;
    /** Bytes of a TCP stream's data a side may have outstanding before the other grants more. */
    static final int WINDOW = 1024 * 1024;
    static final int OPEN = 1;
    static final int OPENED = 2;
    static final int DATA = 3;
    static final int SHUT = 4;
    static final int CLOSE = 5;
    static final int CREDIT = 6;
    static final int HELLO = 7;
    /** The HELLO payload's first bytes, which mark where framing starts. */
    static final byte[] MAGIC = "BERTHMUX".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private Frames() {
    }

    /** A frame carrying {@code payload}, which it takes over. */
    static ByteBuf frame(ByteBufAllocator alloc, int id, int type, ByteBuf payload) {
        ByteBuf header = alloc.buffer(HEADER).writeInt(id).writeByte(type).writeMedium(payload.readableBytes());
        return payload.isReadable() ? alloc.compositeBuffer(2).addComponents(true, header, payload) : header;
    }

    /** A frame without payload. */
    static ByteBuf frame(ByteBufAllocator alloc, int id, int type) {
        return frame(alloc, id, type, Unpooled.EMPTY_BUFFER);
    }

    /** The greeting that starts every connection. */
    static ByteBuf hello(ByteBufAllocator alloc) {
        return frame(alloc, 0, HELLO, alloc.buffer(12).writeBytes(MAGIC).writeInt(VERSION));
    }

    /** Whether a HELLO frame (header included) comes from a guest relay that just started and asks to be greeted. */
    static boolean greetMe(ByteBuf hello) {
        return hello.readableBytes() > HEADER + MAGIC.length + 4 && hello.getByte(HEADER + MAGIC.length + 4) == 1;
    }

    /** Asks the guest to connect a stream to {@code target}. */
    static ByteBuf open(ByteBufAllocator alloc, int id, GuestTarget target) {
        return frame(alloc, id, OPEN, target.payload(alloc));
    }

    /** Grants the guest {@code bytes} more of a stream's data. */
    static ByteBuf credit(ByteBufAllocator alloc, int id, long bytes) {
        return frame(alloc, id, CREDIT, alloc.buffer(4).writeInt((int) bytes));
    }

    /** Splits the guest's byte stream into frames once it is in step. */
    static FrameDecoder decoder() {
        return new FrameDecoder();
    }

    /** The stream id of a frame (header included). */
    static int id(ByteBuf frame) {
        return frame.getInt(frame.readerIndex());
    }

    /** The type of a frame (header included). */
    static int type(ByteBuf frame) {
        return frame.getUnsignedByte(frame.readerIndex() + 4);
    }

    /** The payload of a frame (header included), sharing its bytes. */
    static ByteBuf payload(ByteBuf frame) {
        return frame.slice(frame.readerIndex() + HEADER, frame.readableBytes() - HEADER);
    }
}
