package dev.berth.engine.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.PromiseNotifier;
import java.util.Collection;
import org.osgi.service.log.Logger;

/** A hijacked connection: the client and the engine copy raw bytes to each other until both directions have ended. */
final class Tunnel {
    private final Channel client;
    private final Channel engine;
    private int endedDirections;

    private Tunnel(Channel client, Channel engine) {
        this.client = client;
        this.engine = engine;
    }

    /**
     * Takes the HTTP codecs out of both pipelines, on the engine's event loop, after the engine's answer has been
     * written to the client; bytes already read on either side are passed on, not lost.
     *
     * @param held what the client sent after its request, in order: buffers and a possible input shutdown
     */
    static void open(Channel client, Channel engine, Collection<Object> held, Logger log) {
        Tunnel tunnel = new Tunnel(client, engine);
        ChannelPipeline front = client.pipeline();
        front.remove(HttpServerCodec.class);
        front.remove(HijackGuard.class);
        front.replace(FrontendHandler.class, "tunnel", new TunnelHandler(tunnel, engine, log));
        for (Object msg : held) {
            if (msg instanceof ChannelInputShutdownEvent event) {
                front.fireUserEventTriggered(event);
            } else {
                front.fireChannelRead(msg);
            }
        }
        held.clear();
        ChannelPipeline back = engine.pipeline();
        back.replace(BackendHandler.class, "tunnel", new TunnelHandler(tunnel, client, log));
        // Removing the decoder hands the bytes that followed the engine's answer to the tunnel.
        back.remove(HttpClientCodec.class);
        client.config().setAutoRead(engine.isWritable());
        engine.config().setAutoRead(client.isWritable());
        engine.flush();
        client.flush();
    }

    /** One direction ended at its source; its destination's sending side is shut down, and both close once both end. */
    void inputEnded(Channel source) {
        ChannelFuture ended = endOutput(source == client ? engine : client);
        if (++endedDirections == 2) {
            ended.addListener(f -> {
                client.close();
                engine.close();
            });
        }
    }

    /**
     * Shuts down a channel's sending side once everything written to it is out: a TLS close_notify towards the
     * engine (Go's TLS connection then reads EOF), a socket half-close towards the client.
     */
    static ChannelFuture endOutput(Channel channel) {
        ChannelPromise ended = channel.newPromise();
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> {
            SslHandler tls = channel.pipeline().get(SslHandler.class);
            ChannelFuture shut = tls != null ? tls.closeOutbound() : ((DuplexChannel) channel).shutdownOutput();
            PromiseNotifier.cascade(shut, ended);
        });
        return ended;
    }
}
