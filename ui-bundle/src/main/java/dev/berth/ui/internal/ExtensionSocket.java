package dev.berth.ui.internal;

import dev.berth.api.extension.TabRequest;
import dev.berth.api.extension.TabSocket;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.osgi.service.log.Logger;

/**
 * A WebSocket of an extension's tab ({@code /extensions/<id>/<path>}): the tab's {@code connect} and its listener's
 * calls run on a virtual thread of the socket's own, one at a time, so a slow or throwing extension holds none of the
 * dashboard's network threads; what the extension sends is written as text frames.
 */
final class ExtensionSocket extends SimpleChannelInboundHandler<WebSocketFrame> implements TabSocket {
    private final ExtensionTabs.Mounted tab;
    private final String path;
    private final Logger log;
    private final Runnable gone;
    private final ExecutorService events = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("berth-ui-tab-socket").factory());
    private volatile ChannelHandlerContext ctx;
    private volatile TabSocket.Listener listener;
    private volatile boolean closed;

    /**
     * @param path the path relative to the tab's address
     * @param gone called once the socket closed, so the tab forgets it
     */
    ExtensionSocket(ExtensionTabs.Mounted tab, String path, Logger log, Runnable gone) {
        this.tab = tab;
        this.path = path;
        this.log = log;
        this.gone = gone;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // runs after the handshake: the handshake's answer is written in the network thread's current task, and
        // whatever the extension sends from its thread is queued behind it
        run(() -> {
            Optional<TabSocket.Listener> accepted = tab.tab().connect(new TabRequest("GET", path, Map.of(), new byte[0]), this);
            if (accepted == null || accepted.isEmpty()) {
                closeWith(1008, "the extension tab " + tab.id() + " has no WebSocket at " + path);
            } else {
                listener = accepted.get();
            }
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        switch (frame) {
            case TextWebSocketFrame text -> {
                String message = text.text();
                run(() -> {
                    if (listener != null) listener.onText(message);
                });
            }
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case CloseWebSocketFrame close -> {
                closed = true;
                ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
            }
            default -> { }
        }
    }

    /** Runs an extension call on the socket's thread; one that throws closes the socket with status 1011. */
    private void run(ExtensionCall call) {
        try {
            events.execute(() -> {
                try {
                    call.run();
                } catch (Exception | LinkageError e) {
                    log.warn("the WebSocket {} of the extension tab {} failed: {}", path, tab.id(), e.toString());
                    closeWith(1011, "the extension tab " + tab.id() + " failed: " + e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // the socket closed meanwhile: nothing more reaches the extension
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        try {
            events.execute(() -> {
                TabSocket.Listener l = listener;
                if (l == null) return;
                try {
                    l.onClose();
                } catch (RuntimeException | LinkageError e) {
                    log.warn("the WebSocket {} of the extension tab {} failed when it closed: {}", path, tab.id(), e.toString());
                }
            });
        } finally {
            events.shutdown();
            gone.run();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void send(String text) {
        ChannelHandlerContext c = ctx;
        if (closed || c == null || !c.channel().isActive()) return;
        c.writeAndFlush(new TextWebSocketFrame(text));
    }

    @Override
    public void close() {
        closeWith(1000, "closed by the extension");
    }

    /** Closes with a status and reason the page's {@code onclose} sees. */
    void closeWith(int status, String reason) {
        ChannelHandlerContext c = ctx;
        if (closed || c == null) return;
        closed = true;
        // a close frame's reason is at most 123 bytes
        String shortReason = reason.length() > 100 ? reason.substring(0, 100) : reason;
        c.writeAndFlush(new CloseWebSocketFrame(status, shortReason)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public boolean isOpen() {
        ChannelHandlerContext c = ctx;
        return !closed && c != null && c.channel().isActive();
    }

    /** A call into the extension, which may throw. */
    @FunctionalInterface
    private interface ExtensionCall {
        void run() throws Exception;
    }
}
