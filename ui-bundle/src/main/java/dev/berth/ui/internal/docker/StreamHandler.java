package dev.berth.ui.internal.docker;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;

/** Passes the body of a streaming answer to its listener, or the engine's error when the request failed. */
final class StreamHandler extends ChannelInboundHandlerAdapter {
    private final DockerClient.StreamListener listener;
    private final ByteArrayOutputStream error = new ByteArrayOutputStream();
    private volatile ChannelHandlerContext ctx;
    private volatile boolean closed;
    private int status;
    private boolean ended;

    StreamHandler(DockerClient.StreamListener listener) {
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (closed) ctx.close();
    }

    /** Closes the connection; the listener hears no more. */
    void close() {
        closed = true;
        ChannelHandlerContext c = ctx;
        if (c != null) c.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) status = response.status().code();
            if (msg instanceof HttpContent content && content.content().isReadable()) {
                byte[] bytes = DockerClient.bytes(content.content());
                if (status / 100 == 2) {
                    if (!closed) listener.data(bytes);
                } else {
                    error.writeBytes(bytes);
                }
            }
            if (msg instanceof LastHttpContent) {
                end(status / 100 == 2 ? null : new DockerResponse(status, error.toByteArray()).error());
                ctx.close();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        end("the stream from the Docker engine broke: " + cause.getMessage());
        ctx.close();
    }

    private void end(String problem) {
        if (ended) return;
        ended = true;
        if (!closed) listener.end(problem);
    }
}
