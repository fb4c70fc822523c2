package dev.berth.network.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Skips the guest's bytes up to its HELLO frame, then hands the stream to the frame decoder: what a guest wrote
 * for an earlier connection (half a frame, say) is never misread.
 */
final class FrameSync extends ByteToMessageDecoder {
    private static final ByteBuf MAGIC = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(Frames.MAGIC));

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int at = ByteBufUtil.indexOf(MAGIC.duplicate(), in);
        if (at < 0) {
            // keep what could be the header and the start of a HELLO whose rest is still to come
            in.skipBytes(Math.max(0, in.readableBytes() - (Frames.HEADER + Frames.MAGIC.length - 1)));
        } else if (at - in.readerIndex() < Frames.HEADER) {
            in.readerIndex(at + 1);
        } else {
            in.readerIndex(at - Frames.HEADER);
            ctx.pipeline().replace(this, "frames", Frames.decoder());
        }
    }
}
