package dev.berth.engine.internal;

import dev.berth.engine.intercept.RequestInterceptor;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;
import org.osgi.service.log.Logger;

/**
 * Serves one client connection: reads its requests one at a time, lets an interceptor look at them, and forwards
 * them over the connection's own link to the engine, until the engine hijacks it and a {@link Tunnel} takes over.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    /** What holds back the next inbound message. */
    private enum Wait { NOTHING, ENGINE, VERDICT, HIJACK }

    private final EngineDial dial;
    private final Supplier<List<RequestInterceptor>> interceptors;
    private final Logger log;
    /** Inbound messages not handled yet, in arrival order. */
    private final ArrayDeque<Object> inbox = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Channel backend;
    private Wait wait = Wait.NOTHING;
    private Exchange exchange;
    private Inspection inspection;
    private boolean closing;

    FrontendHandler(EngineDial dial, Supplier<List<RequestInterceptor>> interceptors, Logger log) {
        this.dial = dial;
        this.interceptors = interceptors;
        this.log = log;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.inspection = new Inspection(ctx, this, log);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        inbox.add(msg);
        drain();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            channelRead(ctx, evt);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** Handles queued messages until something has to be waited for; one request at a time. */
    private void drain() {
        Object next;
        while (wait == Wait.NOTHING && !closing && (next = inbox.peek()) != null) {
            if (next instanceof HttpRequest && exchange != null) break;
            inbox.poll();
            switch (next) {
                case HttpRequest request -> begin(request);
                case HttpContent content -> body(content);
                case ChannelInputShutdownEvent ignored -> inputClosed();
                default -> {
                    ReferenceCountUtil.release(next);
                    throw new IllegalStateException("raw bytes outside a hijacked connection");
                }
            }
        }
        if (backend != null) backend.flush();
        updateAutoRead();
    }

    /** Reads from the client only while nothing is waiting and the engine takes more. */
    void updateAutoRead() {
        boolean read = !closing && wait == Wait.NOTHING && inbox.isEmpty() && (backend == null || backend.isWritable());
        ctx.channel().config().setAutoRead(read);
    }

    private void begin(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(request);
            answerAndClose(EngineErrors.badRequest(request.decoderResult().cause()));
            return;
        }
        if (backend == null) {
            inbox.addFirst(request);
            wait = Wait.ENGINE;
            dial.dial(ctx, this);
            return;
        }
        exchange = new Exchange(request);
        List<RequestInterceptor> wanting = interceptors.get().stream().filter(i -> i.wants(request)).toList();
        if (!wanting.isEmpty()) {
            inspection.begin(request, wanting);
        } else {
            backend.write(request);
        }
    }

    private void body(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            Throwable cause = content.decoderResult().cause();
            content.release();
            if (exchange.responseStarted) closing(); else answerAndClose(EngineErrors.badRequest(cause));
        } else if (inspection.collecting()) {
            if (inspection.add(content)) wait = Wait.VERDICT; // its verdict comes in a later task of this loop
        } else {
            backend.write(content);
            if (content instanceof LastHttpContent) requestSent();
        }
    }

    /**
     * The interceptors' verdict: pass {@code request} on to the engine, or send {@code answer} in its place (on a
     * connection that may be hijacked, as its last message).
     */
    void verdict(FullHttpRequest request, FullHttpResponse answer) {
        wait = Wait.NOTHING;
        if (answer == null) {
            backend.write(request);
        } else if (exchange.candidate) {
            answerAndClose(answer);
            return;
        } else {
            ctx.writeAndFlush(answer);
            exchange.responseDone = true;
        }
        requestSent();
        drain();
    }

    private void requestSent() {
        exchange.requestDone = true;
        if (exchange.done()) {
            exchange = null;
        } else if (exchange.candidate && !exchange.responseStarted) {
            wait = Wait.HIJACK;
        }
    }

    /** The client shut down its sending side: the engine's side learns it too, and answers still flow back. */
    private void inputClosed() {
        if (backend == null) {
            closing();
        } else {
            Tunnel.endOutput(backend);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (backend != null) backend.config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    /** The link to the engine is open: the request that waited for it goes first. */
    void linked(Channel channel) {
        backend = channel;
        wait = Wait.NOTHING;
        drain();
    }

    /** Whether the connection is closing, so late outcomes are dropped. */
    boolean isClosing() {
        return closing;
    }

    /** The current exchange, or null between requests. */
    Exchange exchange() {
        return exchange;
    }

    /** The engine finished an answer; one that no request asked for changes nothing. */
    void responseDone() {
        if (exchange == null) return;
        exchange.responseDone = true;
        if (exchange.done()) {
            exchange = null;
            drain();
        }
    }

    /** The engine hijacked the connection: its answer goes out as HTTP, then both sides carry raw bytes. */
    void hijacked(HttpResponse response) {
        ctx.write(response);
        Tunnel.open(ctx.channel(), backend, inbox, log);
    }

    /** The engine's side closed: an open request gets an error answer, then the client is closed too. */
    void backendClosed() {
        if (closing || backend == null) return;
        if (exchange != null && !exchange.responseStarted) {
            answerAndClose(EngineErrors.engineClosed());
        } else {
            closing();
        }
    }

    void backendFailed(Throwable cause) {
        log.debug("engine connection failed: {}", cause.toString());
    }

    /** Sends {@code response} as the last thing on this connection, then closes it. */
    void answerAndClose(FullHttpResponse response) {
        HttpUtil.setKeepAlive(response, false);
        ctx.write(response);
        closing();
    }

    /** Sends what is written, then closes both sides; everything still queued is dropped. */
    private void closing() {
        closing = true;
        inbox.forEach(ReferenceCountUtil::release);
        inbox.clear();
        inspection.discard();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        if (backend != null) backend.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closing) closing();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection failed: {}", cause.toString());
        if (!closing) closing();
    }
}
