package dev.berth.engine.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/** Relays the engine's answers on one guest connection back to its client, and notices when the engine hijacks. */
final class BackendHandler extends ChannelInboundHandlerAdapter {
    private final FrontendHandler frontend;
    private final Channel client;
    /** Whether the answer being relayed is an interim one, such as 100 Continue. */
    private boolean interim;
    /** Whether the connection ends with the answer being relayed. */
    private boolean closeAfter;

    BackendHandler(FrontendHandler frontend, Channel client) {
        this.frontend = frontend;
        this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (((HttpObject) msg).decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            throw new IllegalStateException("the engine sent malformed HTTP", ((HttpObject) msg).decoderResult().cause());
        }
        if (msg instanceof HttpResponse response && head(response)) {
            return;
        }
        client.write(msg);
        if (msg instanceof LastHttpContent && !interim) {
            if (closeAfter) {
                ctx.close();
            } else {
                frontend.responseDone();
            }
        }
        if (!client.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Looks at an answer's head; true when the engine hijacked the connection and the tunnel took over. */
    private boolean head(HttpResponse response) {
        interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL && !Hijack.isHijack(response);
        Exchange exchange = frontend.exchange();
        if (interim || exchange == null) return false;
        exchange.responseStarted = true;
        if (!exchange.candidate) return false;
        if (Hijack.isHijack(response)) {
            frontend.hijacked(response);
            return true;
        }
        // The client's parser is gone after a request that could hijack; this connection ends with the answer.
        closeAfter = true;
        HttpUtil.setKeepAlive(response, false);
        return false;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        client.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        frontend.updateAutoRead();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        frontend.backendClosed();
    }

    /** The engine ended its side of a plain connection: the HTTP exchange is over (a hijacked one is a tunnel's). */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        frontend.backendFailed(cause);
        ctx.close();
    }
}
