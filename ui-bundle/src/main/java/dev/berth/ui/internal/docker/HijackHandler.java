package dev.berth.ui.internal.docker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** Waits for the engine to hand a connection over ({@code 101 UPGRADED}), then relays raw bytes both ways. */
final class HijackHandler extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<DockerClient.Stream> opened;
    private final DockerClient.StreamListener listener;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private boolean hijacked;
    private boolean ended;

    HijackHandler(CompletableFuture<DockerClient.Stream> opened, DockerClient.StreamListener listener) {
        this.opened = opened;
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        byte[] bytes;
        try {
            bytes = DockerClient.bytes(buf);
        } finally {
            buf.release();
        }
        if (hijacked) {
            listener.data(bytes);
            return;
        }
        head.writeBytes(bytes);
        HijackHead parsed = HijackHead.parse(head.toByteArray());
        if (parsed == null) return;
        if (!parsed.hijacked()) {
            opened.completeExceptionally(new IOException(new DockerResponse(parsed.status(), parsed.rest()).error()));
            ctx.close();
            return;
        }
        hijacked = true;
        opened.complete(new DockerClient.Stream() {
            @Override
            public void write(byte[] data) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(data));
            }

            @Override
            public void close() {
                ctx.close();
            }
        });
        if (parsed.rest().length > 0) listener.data(parsed.rest());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        opened.completeExceptionally(new IOException("the Docker engine closed the connection before it was handed over"));
        if (!ended) {
            ended = true;
            listener.end(null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ended && hijacked) {
            ended = true;
            listener.end("the terminal connection broke: " + cause.getMessage());
        }
        opened.completeExceptionally(cause);
        ctx.close();
    }
}
