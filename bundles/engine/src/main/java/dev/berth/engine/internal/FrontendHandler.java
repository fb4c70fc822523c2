package dev.berth.engine.internal;

import dev.berth.api.vm.GuestEndpoint;
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
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.osgi.service.log.Logger;

/**
 * Serves one client connection: reads its requests one at a time, lets an interceptor look at them, and forwards
 * them over the connection's own link to the engine, until the engine hijacks it and a {@link Tunnel} takes over.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    /** What holds back the next inbound message. */
    private enum Wait { NOTHING, ENGINE, VERDICT, HIJACK }

    private final GuestConnector connector;
    private final Supplier<Optional<GuestEndpoint>> guest;
    private final Executor wakers;
    private final Supplier<List<RequestInterceptor>> interceptors;
    private final Logger log;
    /** Inbound messages not handled yet, in arrival order. */
    private final ArrayDeque<Object> inbox = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Channel backend;
    private Wait wait = Wait.NOTHING;
    private Exchange exchange;
    private BodyCollector collector;
    private boolean closing;

    /**
     * @param guest  the engine for a client; it may block while a paused VM resumes, so it is asked on {@code wakers}
     * @param wakers threads that may block
     */
    FrontendHandler(GuestConnector connector, Supplier<Optional<GuestEndpoint>> guest, Executor wakers,
                    Supplier<List<RequestInterceptor>> interceptors, Logger log) {
        this.connector = connector;
        this.guest = guest;
        this.wakers = wakers;
        this.interceptors = interceptors;
        this.log = log;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
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
            connect();
            return;
        }
        exchange = new Exchange(request);
        List<RequestInterceptor> wanting = interceptors.get().stream().filter(i -> i.wants(request)).toList();
        if (!wanting.isEmpty()) {
            collector = new BodyCollector(request, InTurn.of(wanting), ctx.alloc());
        } else {
            backend.write(request);
        }
    }

    private void body(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            Throwable cause = content.decoderResult().cause();
            content.release();
            if (exchange.responseStarted) closing(); else answerAndClose(EngineErrors.badRequest(cause));
        } else if (collector != null) {
            collect(content);
        } else {
            backend.write(content);
            if (content instanceof LastHttpContent) requestSent();
        }
    }

    private void collect(HttpContent content) {
        if (!collector.add(content)) {
            collector = null;
            answerAndClose(EngineErrors.tooLarge());
        } else if (content instanceof LastHttpContent last) {
            FullHttpRequest request = collector.finish(last);
            RequestInterceptor interceptor = collector.interceptor();
            collector = null;
            wait = Wait.VERDICT;
            interceptor.inspect(request).whenComplete((answer, error) ->
                    ctx.executor().execute(() -> verdict(request, answer, error)));
        }
    }

    private void verdict(FullHttpRequest request, Optional<FullHttpResponse> answer, Throwable error) {
        wait = Wait.NOTHING;
        if (closing) {
            request.release();
            return;
        }
        if (error != null || answer.isPresent()) {
            request.release();
            if (error != null) log.warn("a request interceptor failed on {} {}: {}", request.method(), request.uri(), error);
            FullHttpResponse response = error != null ? EngineErrors.inspectionFailed(error) : answer.get();
            if (exchange.candidate) {
                answerAndClose(response);
                return;
            }
            ctx.writeAndFlush(response);
            exchange.responseDone = true;
        } else {
            backend.write(request);
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

    /** Asks for the engine off the event loop, so a resume serves the others on it meanwhile; reads stay paused. */
    private void connect() {
        wait = Wait.ENGINE;
        CompletableFuture.supplyAsync(guest, wakers).whenComplete((endpoint, error) ->
                ctx.executor().execute(() -> reached(endpoint, error)));
    }

    private void reached(Optional<GuestEndpoint> endpoint, Throwable error) {
        if (closing) return;
        if (error != null) log.warn("cannot ask for the engine: {}", error.toString());
        if (error != null || endpoint.isEmpty()) {
            answerAndClose(EngineErrors.vmNotRunning());
            return;
        }
        Future<Channel> ready = connector.connect(ctx.channel(), endpoint.get(), this);
        ready.addListener(f -> connected(ready));
    }

    private void connected(Future<Channel> future) {
        if (closing) {
            if (future.isSuccess()) future.getNow().close();
            return;
        }
        if (!future.isSuccess()) {
            log.debug("cannot reach the engine: {}", future.cause().toString());
            answerAndClose(EngineErrors.unreachable(future.cause()));
            return;
        }
        backend = future.getNow();
        wait = Wait.NOTHING;
        drain();
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

    private void answerAndClose(FullHttpResponse response) {
        HttpUtil.setKeepAlive(response, false);
        ctx.write(response);
        closing();
    }

    /** Sends what is written, then closes both sides; everything still queued is dropped. */
    private void closing() {
        closing = true;
        inbox.forEach(ReferenceCountUtil::release);
        inbox.clear();
        if (collector != null) collector.discard();
        collector = null;
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
