package dev.berth.ui.internal.docker;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** Completes a call with the engine's whole answer and closes the connection. */
final class CallHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final CompletableFuture<DockerResponse> answer;

    CallHandler(CompletableFuture<DockerResponse> answer) {
        this.answer = answer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
        answer.complete(new DockerResponse(msg.status().code(), DockerClient.bytes(msg.content())));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        answer.completeExceptionally(new IOException("the Docker engine closed the connection before answering"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        answer.completeExceptionally(new IOException("the Docker engine's answer could not be read: "
                + cause.getMessage(), cause));
        ctx.close();
    }
}
