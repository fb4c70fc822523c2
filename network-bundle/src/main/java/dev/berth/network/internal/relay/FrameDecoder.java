package dev.berth.network.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a byte stream in step into frames (header included); a frame longer than {@link Frames#MAX_DATA} is
 * skipped without being buffered and reported as {@link Oversized}, so a bad frame costs only its own stream.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    /** A frame too long to carry, already skipped: its stream id, type and declared payload length. */
    record Oversized(int id, int type, int length) {
    }

    private int skipping;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (skipping > 0) {
            int n = Math.min(skipping, in.readableBytes());
            in.skipBytes(n);
            skipping -= n;
            return;
        }
        if (in.readableBytes() < Frames.HEADER) return;
        int at = in.readerIndex();
        int length = in.getUnsignedMedium(at + 5);
        if (length > Frames.MAX_DATA) {
            out.add(new Oversized(in.getInt(at), in.getUnsignedByte(at + 4), length));
            in.skipBytes(Frames.HEADER);
            skipping = length;
        } else if (in.readableBytes() >= Frames.HEADER + length) {
            out.add(in.readRetainedSlice(Frames.HEADER + length));
        }
    }
}
