package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.ui.internal.docker.DockerResponse;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One open page's live channel ({@code /ws}): the page names the topics it shows, such as {@code containers} or
 * {@code logs:ID}, and the hub pushes their updates.
 */
final class LiveSession extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final ObjectMapper JSON = DockerResponse.JSON;
    private final LiveHub hub;
    private volatile Channel channel;
    /** The topics shown; read and written on the hub's thread only. */
    Set<String> topics = Set.of();

    LiveSession(LiveHub hub) {
        this.hub = hub;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        hub.attach(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        hub.detach(this);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
        switch (frame) {
            case TextWebSocketFrame text -> {
                JsonNode msg = JSON.readTree(text.text());
                Set<String> wanted = new LinkedHashSet<>();
                for (JsonNode t : msg.path("subscribe")) wanted.add(t.asText());
                hub.subscribe(this, wanted);
            }
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case CloseWebSocketFrame close -> ctx.writeAndFlush(close.retainedDuplicate()).addListener(f -> ctx.close());
            default -> { }
        }
    }

    /** Whether any of {@code sessions} shows {@code topic}; on the hub's thread only. */
    static boolean anyShows(java.util.Collection<LiveSession> sessions, String topic) {
        for (LiveSession s : sessions) if (s.topics.contains(topic)) return true;
        return false;
    }

    /** Sends one message; false when the page reads too slowly to take more now. */
    boolean send(String json) {
        Channel c = channel;
        if (c == null || !c.isActive()) return false;
        c.writeAndFlush(new TextWebSocketFrame(json));
        return c.isWritable();
    }

    /** Whether the page keeps up with what is sent. */
    boolean writable() {
        Channel c = channel;
        return c != null && c.isWritable();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
