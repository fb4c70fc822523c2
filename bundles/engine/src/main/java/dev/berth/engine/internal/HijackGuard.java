package dev.berth.engine.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;

/** Stops HTTP parsing right after a request that may hijack its connection, so the bytes that follow stay raw. */
final class HijackGuard extends ChannelInboundHandlerAdapter {
    private boolean candidate;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            candidate = Hijack.isCandidate(request);
        }
        boolean last = msg instanceof LastHttpContent;
        ctx.fireChannelRead(msg);
        if (candidate && last) {
            candidate = false;
            // The decoder hands the bytes it has not parsed yet to the next handler as a plain buffer.
            ctx.pipeline().get(HttpServerCodec.class).removeInboundHandler();
        }
    }
}
