package dev.berth.ui.internal.web;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The dashboard's HTTP and WebSocket server, bound to 127.0.0.1 only. */
public final class WebServer implements AutoCloseable {
    /** The largest request body accepted: an extension jar uploaded in the dashboard is the largest one expected. */
    static final int MAX_REQUEST = 32 << 20;
    /** The largest WebSocket frame accepted, such as a terminal's input. */
    static final int MAX_FRAME = 1 << 20;

    private final EventLoopGroup group;
    private final Channel server;
    private final int port;

    /**
     * Binds the port and starts serving.
     *
     * @param port    the TCP port on 127.0.0.1
     * @param guard   checks host, origin and token of every request
     * @param router  the API routes
     * @param files   the static pages
     * @param sockets the WebSocket endpoints
     * @param worker  runs API actions off the network threads
     * @throws PortTakenException when another program holds the port; the message says what to do
     * @throws IOException when the port cannot be bound for another reason
     */
    public WebServer(int port, RequestGuard guard, Router router, StaticFiles files, WebSockets sockets, Executor worker)
            throws IOException {
        this(port, guard, router, files, sockets, worker, null, null);
    }

    /**
     * Binds the port and starts serving, with the extensions' tabs under {@code /extensions/}.
     *
     * @param extensions answers every request under {@code /extensions/}, or null for none
     * @param sites      the sites of their own origins on the same port, or null for none
     * @throws IOException as {@link #WebServer(int, RequestGuard, Router, StaticFiles, WebSockets, Executor)}
     */
    public WebServer(int port, RequestGuard guard, Router router, StaticFiles files, WebSockets sockets, Executor worker,
                     Router.Action extensions, OriginSites sites) throws IOException {
        this.port = port;
        group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("berth-ui-http", true), NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("http", new HttpServerCodec())
                                .addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST))
                                .addLast("web", new WebHandler(guard, router, files, sockets, worker, extensions, sites));
                    }
                });
        try {
            server = bootstrap.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (e instanceof BindException) {
                throw new PortTakenException("port " + port + " on 127.0.0.1 is already in use by another program; choose"
                        + " another with: berth settings dashboard.port " + (port + 1), e);
            }
            throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port served. */
    public int port() {
        return port;
    }

    /** Stops serving and closes every connection. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
