package dev.berth.engine.internal;

import dev.berth.engine.intercept.RequestInterceptor;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import java.util.Optional;
import org.osgi.service.log.Logger;

/**
 * Holds back a request that interceptors want to see whole: collects its body, asks them in turn, and hands their
 * verdict to the handler, which passes the request on or answers in the engine's place.
 */
final class Inspection {
    private final ChannelHandlerContext ctx;
    private final FrontendHandler handler;
    private final Logger log;
    private BodyCollector collector;

    Inspection(ChannelHandlerContext ctx, FrontendHandler handler, Logger log) {
        this.ctx = ctx;
        this.handler = handler;
        this.log = log;
    }

    /** Starts collecting {@code request} for the interceptors that want it. */
    void begin(HttpRequest request, List<RequestInterceptor> wanting) {
        collector = new BodyCollector(request, InTurn.of(wanting), ctx.alloc());
    }

    /** Whether a request's body is being collected. */
    boolean collecting() {
        return collector != null;
    }

    /**
     * Adds a piece of the body; the last piece hands the whole request to the interceptors.
     *
     * @return whether the request went to the interceptors, whose verdict then comes to the handler
     */
    boolean add(HttpContent content) {
        if (!collector.add(content)) {
            collector = null;
            handler.answerAndClose(EngineErrors.tooLarge());
        } else if (content instanceof LastHttpContent last) {
            FullHttpRequest request = collector.finish(last);
            RequestInterceptor interceptor = collector.interceptor();
            collector = null;
            interceptor.inspect(request).whenComplete((answer, error) ->
                    ctx.executor().execute(() -> verdict(request, answer, error)));
            return true;
        }
        return false;
    }

    private void verdict(FullHttpRequest request, Optional<FullHttpResponse> answer, Throwable error) {
        if (handler.isClosing()) {
            request.release();
        } else if (error != null || answer.isPresent()) {
            request.release();
            if (error != null) log.warn("a request interceptor failed on {} {}: {}", request.method(), request.uri(), error);
            handler.verdict(null, error != null ? EngineErrors.inspectionFailed(error) : answer.get());
        } else {
            handler.verdict(request, null);
        }
    }

    /** Drops what was collected, for a connection that closes. */
    void discard() {
        if (collector != null) collector.discard();
        collector = null;
    }
}
