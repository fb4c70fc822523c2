package dev.berth.engine.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import org.osgi.service.log.Logger;

/** Copies the raw bytes of a hijacked connection from one side to the other, with backpressure and half-close. */
final class TunnelHandler extends ChannelInboundHandlerAdapter {
    private final Tunnel tunnel;
    private final Channel peer;
    private final Logger log;

    TunnelHandler(Tunnel tunnel, Channel peer, Logger log) {
        this.tunnel = tunnel;
        this.peer = peer;
        this.log = log;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // A decoder being removed may still pass on an HTTP content object; its bytes are what was on the wire.
        ByteBuf bytes = msg instanceof ByteBufHolder holder ? holder.content() : (ByteBuf) msg;
        if (!bytes.isReadable()) {
            bytes.release();
            return;
        }
        peer.write(bytes);
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        peer.config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent
                || evt instanceof SslCloseCompletionEvent closed && closed.isSuccess()) {
            tunnel.inputEnded(ctx.channel());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("hijacked connection failed: {}", cause.toString());
        ctx.close();
    }
}
