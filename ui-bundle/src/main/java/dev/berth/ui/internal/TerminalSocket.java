package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ui.internal.docker.DockerClient;
import dev.berth.ui.internal.docker.DockerResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A terminal in the browser ({@code /ws/exec/ID}): a shell exec'd in the container with a real TTY, its hijacked
 * stream bridged to the WebSocket. Binary frames carry keys in and output out; text frames carry
 * {@code {"resize": {"cols", "rows"}}} in and {@code {"error"}} or {@code {"exit"}} out.
 */
final class TerminalSocket extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** Runs bash where the image has it, else sh. */
    static final List<String> SHELL = List.of("/bin/sh", "-c", "if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi");
    private final DockerClient docker;
    private final String container;
    private ChannelHandlerContext ctx;
    private String execId;
    private CompletableFuture<DockerClient.Stream> stream;
    private int cols = 80;
    private int rows = 24;

    TerminalSocket(DockerClient docker, String container) {
        this.docker = docker;
        this.container = container;
    }

    /** The body of Docker's exec create call for an interactive shell with a TTY. */
    static ObjectNode execBody(int cols, int rows) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("AttachStdin", true).put("AttachStdout", true).put("AttachStderr", true).put("Tty", true);
        body.putArray("Env").add("TERM=xterm-256color").add("COLUMNS=" + cols).add("LINES=" + rows);
        var cmd = body.putArray("Cmd");
        SHELL.forEach(cmd::add);
        body.putArray("ConsoleSize").add(rows).add(cols);
        return body;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    private void open() {
        stream = docker.call("POST", "/containers/" + Paths.segment(container) + "/exec", execBody(cols, rows))
                .thenCompose(created -> {
                    if (!created.ok()) throw new IllegalStateException(created.error());
                    try {
                        execId = created.json().path("Id").asText();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                    ObjectNode start = JsonNodeFactory.instance.objectNode().put("Detach", false).put("Tty", true);
                    start.putArray("ConsoleSize").add(rows).add(cols);
                    return docker.hijack("/exec/" + execId + "/start", start, new DockerClient.StreamListener() {
                        @Override
                        public void data(byte[] bytes) {
                            ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
                        }

                        @Override
                        public void end(String problem) {
                            finish(problem);
                        }
                    });
                });
        stream.whenComplete((s, error) -> {
            if (error != null) finish(LiveHub.errorNode(error).path("error").asText());
            else resize();
        });
    }

    private void finish(String problem) {
        if (!ctx.channel().isActive()) return;
        ObjectNode msg = JsonNodeFactory.instance.objectNode();
        if (problem != null) msg.put("error", problem);
        else msg.put("exit", "the shell ended");
        ctx.writeAndFlush(new TextWebSocketFrame(msg.toString()));
        ctx.writeAndFlush(new CloseWebSocketFrame(1000, problem == null ? "the shell ended" : "the terminal failed"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void resize() {
        if (execId != null) docker.call("POST", "/exec/" + execId + "/resize?h=" + rows + "&w=" + cols, null);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
        switch (frame) {
            case BinaryWebSocketFrame keys -> {
                byte[] bytes = ByteBufUtil.getBytes(keys.content());
                if (stream != null) stream.thenAccept(s -> s.write(bytes));
            }
            case TextWebSocketFrame text -> {
                JsonNode size = DockerResponse.JSON.readTree(text.text()).path("resize");
                cols = Math.clamp(size.path("cols").asInt(cols), 10, 500);
                rows = Math.clamp(size.path("rows").asInt(rows), 5, 300);
                if (stream == null) open();
                else resize();
            }
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case CloseWebSocketFrame close -> ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
            default -> { }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (stream != null) stream.thenAccept(DockerClient.Stream::close);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
