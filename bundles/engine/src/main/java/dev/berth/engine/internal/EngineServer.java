package dev.berth.engine.internal;

import dev.berth.api.vm.GuestEndpoint;
import dev.berth.engine.intercept.RequestInterceptor;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.service.log.Logger;

/** The Docker API socket: accepts clients on a Unix socket and proxies each one to the engine in the guest. */
final class EngineServer implements AutoCloseable {
    /** Outbound buffering per connection before the other side stops being read. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final EventLoopGroup group;
    private final ChannelGroup clients = new DefaultChannelGroup("berth-engine-clients", GlobalEventExecutor.INSTANCE);
    private final Channel server;
    /** Virtual threads that ask for the engine, which blocks while a paused VM resumes. */
    private final ExecutorService wakers =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("berth-engine-wake").factory());

    /**
     * Binds the socket (mode 0600) and starts serving; the socket's folder must be prepared.
     *
     * @param guest the engine for a client, which may block while a paused VM resumes: it is asked off the event loop
     */
    EngineServer(Path socket, Supplier<Optional<GuestEndpoint>> guest, Supplier<List<RequestInterceptor>> interceptors,
                 Logger log) throws IOException {
        this(socket, guest, interceptors, log, 0);
    }

    /** As above, on {@code threads} event loops (0: Netty's default). */
    EngineServer(Path socket, Supplier<Optional<GuestEndpoint>> guest, Supplier<List<RequestInterceptor>> interceptors,
                 Logger log, int threads) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("the Docker socket needs Netty's native epoll transport: " + Epoll.unavailabilityCause());
        }
        GuestConnector connector = new GuestConnector();
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("berth-engine", true), RepairedEpoll.factory());
        EngineDial dial = new EngineDial(connector, guest, wakers, log);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(EpollServerDomainSocketChannel.class)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        clients.add(ch);
                        ch.pipeline()
                                .addLast("http", new HttpServerCodec(decoderConfig()))
                                .addLast("guard", new HijackGuard())
                                .addLast("frontend", new FrontendHandler(dial, interceptors, log));
                    }
                });
        try {
            server = bootstrap.bind(new DomainSocketAddress(socket.toFile())).sync().channel();
            SocketFile.ownerOnly(socket);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            wakers.shutdown();
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
    }

    /** Limits for parsing HTTP heads: generous, since filters travel in URLs and credentials in headers. */
    static HttpDecoderConfig decoderConfig() {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(64 * 1024)
                .setMaxHeaderSize(1024 * 1024)
                .setMaxChunkSize(64 * 1024);
    }

    /** How many clients are connected. */
    int connections() {
        return clients.size();
    }

    /** Stops accepting, closes every connection and removes the socket. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        clients.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        wakers.shutdown();
    }
}
