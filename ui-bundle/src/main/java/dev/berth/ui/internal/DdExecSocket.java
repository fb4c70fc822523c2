package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.api.extension.DockerExtension;
import dev.berth.api.extension.DockerExtensions;
import dev.berth.ui.internal.docker.DockerResponse;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A streamed {@code exec} of an extension's page ({@code /ws/dd/<id>/exec}): the first text frame names the call and
 * its arguments; output comes back as {@code {"stdout"}} and {@code {"stderr"}} frames as it is written, then
 * {@code {"exit"}} or {@code {"error"}}. Closing the socket (the page left the tab) stops the command, as Docker
 * Desktop stops a streamed command when its tab closes.
 */
final class DdExecSocket extends SimpleChannelInboundHandler<WebSocketFrame> {
    static final String PREFIX = "/ws/dd/";
    private final DdCalls calls;
    private final DockerExtension ext;
    private final Supplier<Optional<String>> dockerHost;
    private ChannelHandlerContext ctx;
    private Process process;

    DdExecSocket(DdCalls calls, DockerExtension ext, Supplier<Optional<String>> dockerHost) {
        this.calls = calls;
        this.ext = ext;
        this.dockerHost = dockerHost;
    }

    /** The socket for {@code /ws/dd/<id>/exec}, or null when there is no such extension. */
    static DdExecSocket open(String path, Optional<DockerExtensions> extensions, DdCalls calls, Supplier<Optional<String>> dockerHost) {
        if (!path.endsWith("/exec")) return null;
        String id = path.substring(PREFIX.length(), path.length() - "/exec".length());
        return extensions.flatMap(d -> d.find(id)).filter(e -> e.id().equals(id))
                .map(e -> new DdExecSocket(calls, e, dockerHost)).orElse(null);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    private void start(JsonNode request) {
        try {
            List<String> command = calls.program(ext, request.path("call").asText(), request.path("args"));
            String host = dockerHost.get().orElseThrow(() -> new IllegalStateException("the Docker Engine does not run"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("DOCKER_HOST", host);
            pb.environment().remove("DOCKER_CONTEXT");
            process = pb.start();
            Thread out = pump(process.getInputStream(), "stdout");
            Thread err = pump(process.getErrorStream(), "stderr");
            Thread.ofVirtual().name("berth-ui-ddexec").start(() -> {
                try {
                    int code = process.waitFor();
                    out.join();
                    err.join();
                    end(JsonNodeFactory.instance.objectNode().put("exit", code).toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (IOException | RuntimeException e) {
            end(JsonNodeFactory.instance.objectNode().put("error", String.valueOf(e.getMessage())).toString());
        }
    }

    /** Sends what a stream gives, as it comes, one frame per read. */
    private Thread pump(InputStream in, String kind) {
        return Thread.ofVirtual().name("berth-ui-ddexec-" + kind).start(() -> {
            byte[] buf = new byte[16 * 1024];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    String text = new String(buf, 0, n, StandardCharsets.UTF_8);
                    ctx.writeAndFlush(new TextWebSocketFrame(JsonNodeFactory.instance.objectNode().put(kind, text).toString()));
                }
            } catch (IOException e) {
                // the process ended or was stopped: its exit is reported by the waiter
            }
        });
    }

    private void end(String last) {
        if (!ctx.channel().isActive()) return;
        ctx.writeAndFlush(new TextWebSocketFrame(last));
        ctx.writeAndFlush(new CloseWebSocketFrame(1000, "done")).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
        switch (frame) {
            case TextWebSocketFrame text -> {
                if (process == null) start(DockerResponse.JSON.readTree(text.text()));
            }
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case CloseWebSocketFrame close -> ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
            default -> { }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // SIGTERM first, as Docker Desktop does, so the command may end cleanly
        if (process != null && process.isAlive()) process.toHandle().destroy();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
