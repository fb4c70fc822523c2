package dev.berth.ui.internal.web;

import dev.berth.ui.internal.docker.DockerUnavailableException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Guards each request, then answers it from the API routes, a WebSocket endpoint or the static pages. */
final class WebHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final String EXTENSIONS = "/extensions/";
    private final RequestGuard guard;
    private final Router router;
    private final StaticFiles files;
    private final WebSockets sockets;
    private final Executor worker;
    /** Answers the extensions' tabs under {@code /extensions/}, or null. */
    private final Router.Action extensions;
    /** The sites of their own origins, answered before the guard because they need no token; or null. */
    private final OriginSites sites;

    WebHandler(RequestGuard guard, Router router, StaticFiles files, WebSockets sockets, Executor worker,
               Router.Action extensions, OriginSites sites) {
        this.extensions = extensions;
        this.sites = sites;
        this.guard = guard;
        this.router = router;
        this.files = files;
        this.sockets = sockets;
        this.worker = worker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        boolean webSocket = "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE));
        Router.Action site = sites == null || webSocket ? null : sites.site(String.valueOf(req.headers().get(HttpHeaderNames.HOST)));
        if (site != null) {
            answer(ctx, req, uri, site, Map.of(), Map.of());
            return;
        }
        boolean api = path.startsWith("/api/");
        String code = api ? null : uri.parameters().getOrDefault("code", java.util.List.of()).stream().findFirst().orElse(null);
        RequestGuard.Verdict verdict = guard.check(req.method(), req.headers(), code, webSocket);
        switch (verdict) {
            case WRONG_HOST -> send(ctx, req, Reply.text(403, "This dashboard answers only at the address that"
                    + " 'berth dashboard' prints, such as http://127.0.0.1:PORT/."));
            case CROSS_ORIGIN -> send(ctx, req, Reply.message(403, "requests from other sites are refused"));
            case NO_TOKEN -> send(ctx, req, api || webSocket
                    ? Reply.message(401, "this request needs the dashboard's access token; open the dashboard with: berth dashboard")
                    : files.get("/denied.html").map(r -> new Reply(401, r.contentType(), r.body(), Map.of()))
                            .orElse(Reply.text(401, "Open the dashboard with: berth dashboard")));
            case LOGIN -> {
                DefaultCookie cookie = new DefaultCookie(guard.cookieName(), guard.token());
                cookie.setHttpOnly(true);
                cookie.setSameSite(io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite.Strict);
                cookie.setPath("/");
                send(ctx, req, new Reply(303, "text/plain", new byte[0], Map.of(
                        "Location", path.startsWith("//") ? "/" : path, "Set-Cookie", ServerCookieEncoder.STRICT.encode(cookie))));
            }
            case ALLOW -> {
                if (webSocket) {
                    upgrade(ctx, req, path);
                } else if (api) {
                    api(ctx, req, uri);
                } else if (extensions != null && path.startsWith(EXTENSIONS)) {
                    // an extension's page runs in a frame of the dashboard, so it may be framed by the dashboard only
                    answer(ctx, req, uri, extensions, Map.of(), Map.of("X-Frame-Options", "SAMEORIGIN",
                            "Content-Security-Policy", SecurityHeaders.FRAMED_POLICY));
                } else {
                    send(ctx, req, files.get(path).orElse(Reply.text(404, "There is no page at " + path + ".")));
                }
            }
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        ChannelHandler frames = sockets.open(path);
        if (frames == null) {
            send(ctx, req, Reply.message(404, "no WebSocket at " + path));
            return;
        }
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://" + req.headers().get(HttpHeaderNames.HOST) + path, null, false, WebServer.MAX_FRAME).newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ctx.pipeline().replace(this, "frames", frames);
        handshaker.handshake(ctx.channel(), req);
    }

    private void api(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri) {
        Router.Match match = router.match(req.method().name(), uri.path());
        if (match.action() == null) {
            send(ctx, req, Reply.message(match.status(), match.status() == 405
                    ? req.method() + " is not allowed on " + uri.path() : "there is no API at " + uri.path()));
            return;
        }
        answer(ctx, req, uri, match.action(), match.vars(), Map.of());
    }

    /** Runs an action off the network threads and sends its reply, with {@code headers} on top of its own. */
    private void answer(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri, Router.Action action,
                        Map<String, String> vars, Map<String, String> headers) {
        Request request = new Request(req.method().name(), uri.path(), vars, uri.parameters(),
                io.netty.buffer.ByteBufUtil.getBytes(req.content()));
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        CompletableFuture.supplyAsync(() -> {
            try {
                return action.handle(request);
            } catch (Exception e) {
                return CompletableFuture.<Reply>failedFuture(e);
            }
        }, worker).thenCompose(f -> f).exceptionally(WebHandler::failure).thenApply(reply -> {
            Reply r = reply;
            for (Map.Entry<String, String> h : headers.entrySet()) r = r.with(h.getKey(), h.getValue());
            return r;
        }).thenAccept(reply -> ctx.executor().execute(() -> write(ctx, reply, keepAlive, req.method())));
    }

    /** The reply for an action that failed: the user's own mistakes are 400, an absent engine 503, the rest 502. */
    static Reply failure(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof java.io.UncheckedIOException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IllegalArgumentException) return Reply.message(400, cause.getMessage());
        if (cause instanceof DockerUnavailableException) return Reply.message(503, cause.getMessage());
        if (cause instanceof java.util.concurrent.TimeoutException) return Reply.message(504, "the operation timed out");
        return Reply.message(502, String.valueOf(cause.getMessage()));
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest req, Reply reply) {
        write(ctx, reply, HttpUtil.isKeepAlive(req), req.method());
    }

    private void write(ChannelHandlerContext ctx, Reply reply, boolean keepAlive, HttpMethod method) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()),
                method.equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        var headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        SecurityHeaders.apply(headers);
        reply.headers().forEach(headers::set);
        // an empty value in a reply takes the default header away, such as X-Frame-Options for a page framed elsewhere
        reply.headers().forEach((name, value) -> {
            if (value.isEmpty()) headers.remove(name);
        });
        if (!headers.contains(HttpHeaderNames.CACHE_CONTROL)) headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) written.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
