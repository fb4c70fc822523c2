package dev.berth.network.internal.relay;

import dev.berth.api.network.PortBinding;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Berth's own forwarder of published ports: a host listener per port, whose connections and datagrams reach the
 * container through the guest's port relay over one virtio-serial channel (no slirp on the data path).
 */
public final class PortRelay implements AutoCloseable {
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final RelayLink link;
    private final Map<PortBinding, Channel> listeners = new ConcurrentHashMap<>();

    /** A relay that reaches the guest through the channel socket {@code socket} names while a VM runs. */
    public PortRelay(Supplier<Optional<Path>> socket) {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("berth-ports", true),
                NioIoHandler.newFactory());
        loop = group.next();
        link = new RelayLink(loop, socket);
    }

    /** Listens on the binding's host address and port; fails when something else holds them. */
    public void listen(PortBinding b) throws IOException {
        InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(b.hostIp()), b.hostPort());
        ChannelFuture f = switch (b.protocol()) {
            case TCP -> new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new TcpStream(link, b.guestPort()));
                        }
                    }).bind(at);
            case UDP -> new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                    .handler(new UdpListener(link, b.guestPort())).bind(at);
        };
        if (!f.awaitUninterruptibly(10, TimeUnit.SECONDS)) {
            f.channel().close();
            throw new IOException("binding " + at + " timed out");
        }
        if (!f.isSuccess()) throw new IOException(f.cause().getMessage(), f.cause());
        Channel old = listeners.put(b, f.channel());
        if (old != null) old.close();
    }

    /** Stops listening on the binding's port; connections already made stay until either side ends them. */
    public void stop(PortBinding b) {
        Channel ch = listeners.remove(b);
        if (ch != null) ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Stops every listener and drops every relayed connection (the VM stopped). */
    public void stopAll(String reason) {
        new ArrayList<>(listeners.keySet()).forEach(this::stop);
        loop.execute(() -> link.reset(reason));
    }

    /** Connects to the guest's relay now, so that the first published connection does not wait for it. */
    public void warm() {
        loop.execute(link::warm);
    }

    @Override
    public void close() {
        stopAll("Berth is stopping");
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
