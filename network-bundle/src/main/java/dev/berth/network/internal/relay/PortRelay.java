package dev.berth.network.internal.relay;

import dev.berth.api.hypervisor.Protocol;
import dev.berth.api.network.PortBinding;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Berth's own forwarder of published ports and guest sockets: a host listener per port (or per forwarded Unix
 * socket), whose connections and datagrams reach the guest through its port relay over one virtio-serial channel
 * (no slirp and no TLS on the data path).
 */
public final class PortRelay implements AutoCloseable {
    /** Connections a forwarded Unix socket holds before they are accepted (the kernel caps it at somaxconn). */
    private static final int ACCEPT_QUEUE = 4096;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final RelayLink link;
    private final RelayCounters counters;
    private final Map<PortBinding, Channel> listeners = new ConcurrentHashMap<>();
    private final List<ServerSocketChannel> forwards = new CopyOnWriteArrayList<>();

    /** A relay that reaches the guest through the channel socket {@code socket} names while a VM runs. */
    public PortRelay(Supplier<Optional<Path>> socket) {
        this(socket, warning -> { });
    }

    /** A relay as above that reports what it refused to carry (once per stream, or per port and kind) to {@code log}. */
    public PortRelay(Supplier<Optional<Path>> socket, Consumer<String> log) {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("berth-ports", true),
                NioIoHandler.newFactory());
        loop = group.next();
        counters = new RelayCounters(log);
        link = new RelayLink(loop, socket, counters);
    }

    /** What the relay refused to carry since it started, by kind (see {@code RelayCounters}). */
    public Map<String, Long> dropped() {
        return counters.snapshot();
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
                            ch.pipeline().addLast(new TcpStream(link, GuestTarget.port(Protocol.TCP, b.guestPort())));
                        }
                    }).bind(at);
            // Netty reads datagrams into 2 KiB by default and cuts longer ones silently
            case UDP -> new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(Frames.MAX_DATA))
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

    /**
     * Listens on the Unix socket {@code host} (replacing a stale file) and carries each connection to the Unix
     * socket {@code guestPath} in the guest; connections made while no VM offers the relay are closed at once.
     * The listener stays across VM restarts until {@link #close}.
     */
    public void forward(Path host, String guestPath) throws IOException {
        GuestTarget target = GuestTarget.unix(guestPath);
        Files.deleteIfExists(host);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            // the engine proxy connects without blocking, one connection per client: with the JDK's default queue
            // of 50, a burst of clients found it full and was refused
            server.bind(UnixDomainSocketAddress.of(host), ACCEPT_QUEUE);
            Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + host + ": " + e.getMessage(), e);
        }
        forwards.add(server);
        Thread.ofVirtual().name("berth-relay-accept").start(() -> {
            try {
                while (true) UnixStream.start(link, loop, server.accept(), target);
            } catch (IOException e) {
                // closed
            }
        });
    }

    /** Stops listening on the binding's port; connections already made stay until either side ends them. */
    public void stop(PortBinding b) {
        Channel ch = listeners.remove(b);
        if (ch == null) return;
        ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        awaitReleased(b);
    }

    /**
     * Waits, at most two seconds, until the binding's address can be bound again: NIO closes a channel that a
     * selector holds only when that selector next drops its key, so the port may still be taken just after the
     * close, and a container started right after (same port) would be refused.
     */
    private static void awaitReleased(PortBinding b) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            try (NetworkChannel probe = b.protocol() == Protocol.UDP ? DatagramChannel.open() : ServerSocketChannel.open()) {
                probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                probe.bind(new InetSocketAddress(InetAddress.getByName(b.hostIp()), b.hostPort()));
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
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
        for (ServerSocketChannel server : forwards) {
            try {
                server.close();
            } catch (IOException e) {
                // already closed
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
