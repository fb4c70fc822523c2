package dev.berth.engine.internal;

import dev.berth.engine.intercept.RequestInterceptor;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/** Gathers one request's body in memory, up to a limit, for a {@link RequestInterceptor} to read. */
final class BodyCollector {
    /** The largest body an interceptor gets to see. */
    static final int LIMIT = 4 << 20;

    private final HttpRequest head;
    private final RequestInterceptor interceptor;
    private final CompositeByteBuf body;

    BodyCollector(HttpRequest head, RequestInterceptor interceptor, ByteBufAllocator alloc) {
        this.head = head;
        this.interceptor = interceptor;
        this.body = alloc.compositeBuffer(Integer.MAX_VALUE);
    }

    RequestInterceptor interceptor() {
        return interceptor;
    }

    /** Adds a piece of the body, taking ownership of it; false (and everything released) when over the limit. */
    boolean add(HttpContent content) {
        if (body.readableBytes() + content.content().readableBytes() > LIMIT) {
            content.release();
            body.release();
            return false;
        }
        body.addComponent(true, content.content());
        return true;
    }

    /** The whole request, with a content length that matches the gathered body. */
    FullHttpRequest finish(LastHttpContent last) {
        FullHttpRequest full = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(), body,
                head.headers(), last.trailingHeaders());
        full.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        HttpUtil.setContentLength(full, body.readableBytes());
        return full;
    }

    /** Frees the body gathered so far. */
    void discard() {
        body.release();
    }
}
