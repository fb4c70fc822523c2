package dev.berth.engine.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A stand-in for dockerd behind mutual TLS, with one route per kind of traffic the Docker API has. */
final class FakeEngine implements AutoCloseable {
    final AtomicInteger streamsClosed = new AtomicInteger();
    final AtomicLong flooded = new AtomicLong();
    final CountDownLatch uploadStarted = new CountDownLatch(1);
    private final EventLoopGroup group;
    private final Channel server;

    FakeEngine(TestCertificates certs) throws Exception {
        SslContext tls = SslContextBuilder.forServer(certs.serverCert().toFile(), certs.serverKey().toFile())
                .trustManager(certs.ca().toFile()).clientAuth(ClientAuth.REQUIRE).build();
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new HttpServerCodec(), new Routes());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** The same engine in plain text on a Unix socket, as the port relay's host socket presents dockerd's. */
    FakeEngine(Path socket) throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, RepairedEpoll.factory());
        server = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Routes());
                    }
                }).bind(new DomainSocketAddress(socket.toFile())).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The routes; request bodies are counted as they arrive, never gathered. */
    private final class Routes extends ChannelInboundHandlerAdapter {
        private HttpRequest request;
        private String path = "";
        private long received;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                this.request = request;
                path = request.uri();
                received = 0;
            }
            if (msg instanceof HttpContent content) {
                received += content.content().readableBytes();
                if (received > 0) uploadStarted.countDown();
                content.release();
                if (msg instanceof LastHttpContent) answer(ctx);
            }
        }

        private void answer(ChannelHandlerContext ctx) {
            switch (path.replaceFirst("\\?.*", "").replaceFirst("^/v[0-9.]+", "").replaceFirst("/[0-9a-f]+/", "/ID/")) {
                case "/events" -> {
                    ctx.writeAndFlush(chunkedHead());
                    ctx.channel().closeFuture().addListener(f -> streamsClosed.incrementAndGet());
                    tick(ctx, 0);
                }
                case "/flood" -> {
                    ctx.writeAndFlush(chunkedHead());
                    flood(ctx);
                }
                case "/die" -> {
                    ctx.write(chunkedHead());
                    ctx.writeAndFlush(new DefaultHttpContent(ascii("partial\n"))).addListener(ChannelFutureListener.CLOSE);
                }
                case "/containers/ID/attach", "/session", "/exec/ID/start" -> {
                    boolean upgrade = request.headers().contains(HttpHeaderNames.UPGRADE);
                    HttpResponse answer = upgrade
                            ? new DefaultHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(101, "UPGRADED"))
                            : new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    answer.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/vnd.docker.raw-stream");
                    if (upgrade) {
                        answer.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                                .set(HttpHeaderNames.UPGRADE, request.headers().get(HttpHeaderNames.UPGRADE));
                    }
                    // The greeting leaves in the same write as the answer, as dockerd's first output may.
                    ctx.write(answer);
                    ctx.pipeline().replace(this, "echo", path.contains("flood") ? new Flood() : new Echo());
                    ctx.pipeline().remove(HttpServerCodec.class);
                    ctx.writeAndFlush(ascii("hello\n"));
                }
                default -> respond(ctx);
            }
        }

        private void respond(ChannelHandlerContext ctx) {
            String body = switch (path) {
                case "/_ping", "/v1.41/_ping" -> "OK";
                case "/upload" -> "{\"received\":" + received + "}";
                case "/containers/create" -> "{\"created\":true}";
                default -> null;
            };
            if (body == null) return;
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, ascii(body));
            response.headers().set("Api-Version", "1.41").setInt(HttpHeaderNames.CONTENT_LENGTH, body.length());
            ctx.writeAndFlush(response);
        }

        private void tick(ChannelHandlerContext ctx, int n) {
            if (!ctx.channel().isActive()) return;
            ctx.writeAndFlush(new DefaultHttpContent(ascii("{\"n\":" + n + "}\n")));
            ctx.executor().schedule(() -> tick(ctx, n + 1), 20, TimeUnit.MILLISECONDS);
        }

        private void flood(ChannelHandlerContext ctx) {
            while (ctx.channel().isActive() && ctx.channel().isWritable()) {
                ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[64 * 1024])));
                flooded.addAndGet(64 * 1024);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (path.equals("/flood")) flood(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static HttpResponse chunkedHead() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        return head;
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    /** A hijacked stream that writes 50 MiB as fast as the other side takes it, then closes. */
    private static final class Flood extends ChannelInboundHandlerAdapter {
        private int left = 800;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.executor().execute(() -> channelWritabilityChanged(ctx));
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            while (left > 0 && ctx.channel().isWritable()) {
                left--;
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[64 * 1024]));
            }
            if (left == 0) {
                left = -1;
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    /** A hijacked stream: echoes what arrives; when the proxy ends its side, says bye and closes. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes) {
                ctx.writeAndFlush(bytes);
            } else {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslCloseCompletionEvent closed && closed.isSuccess()
                    || evt instanceof ChannelInputShutdownEvent) {
                ctx.writeAndFlush(ascii("bye\n")).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
