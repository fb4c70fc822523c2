package dev.berth.network.internal.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The host end of the guest's port relay: one connection to the VM's ports channel, made when a stream first needs
 * it and again after it breaks, carrying every published connection as a stream. Used on its event loop only.
 */
final class RelayLink {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private final EventLoop loop;
    private final Supplier<Optional<Path>> socket;
    private final Map<Integer, RelayStream> streams = new HashMap<>();
    private final List<ByteBuf> pending = new ArrayList<>();
    private Channel channel;
    private boolean connecting;
    private int nextId = 1;

    /** A link that reaches the guest through the channel socket {@code socket} names while a VM runs. */
    RelayLink(EventLoop loop, Supplier<Optional<Path>> socket) {
        this.loop = loop;
        this.socket = socket;
    }

    /** Starts a stream to {@code target} in the guest; -1 when no VM offers the relay. */
    int open(RelayStream stream, GuestTarget target) {
        if (channel == null && !connect()) return -1;
        int id = nextId++;
        if (nextId <= 0) nextId = 1;
        streams.put(id, stream);
        send(Frames.open(ALLOC, id, target));
        return id;
    }

    /** Sends bytes, or one datagram, of stream {@code id}; takes over {@code payload}. */
    void data(int id, ByteBuf payload) {
        send(Frames.frame(payload.alloc(), id, Frames.DATA, payload));
    }

    /** Tells the guest that stream {@code id} sends nothing more. */
    void shut(int id) {
        send(Frames.frame(ALLOC, id, Frames.SHUT));
    }

    /** Grants the guest {@code bytes} more of stream {@code id}'s data. */
    void credit(int id, long bytes) {
        send(Frames.credit(ALLOC, id, bytes));
    }

    /** Ends stream {@code id} from the host's side. */
    void close(int id) {
        if (streams.remove(id) != null) send(Frames.frame(ALLOC, id, Frames.CLOSE));
    }

    /** Connects now when a VM offers the relay and no connection exists. */
    void warm() {
        if (channel == null) connect();
    }

    /** Drops the connection and every stream (the VM stopped). */
    void reset(String reason) {
        Channel ch = channel;
        lost(ch, reason);
        if (ch != null) ch.close();
    }

    private void send(ByteBuf frame) {
        if (connecting) {
            pending.add(frame);
        } else if (channel != null) {
            channel.writeAndFlush(frame, channel.voidPromise());
        } else {
            frame.release();
        }
    }

    private boolean connect() {
        Optional<Path> path = socket.get();
        if (path.isEmpty()) return false;
        NioDomainSocketChannel ch = new NioDomainSocketChannel();
        channel = ch;
        connecting = true;
        ChannelFuture f = new Bootstrap().group(loop).channelFactory(() -> ch).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel c) {
                c.pipeline().addLast("sync", new FrameSync()).addLast("dispatch", new Dispatch());
            }
        }).connect(UnixDomainSocketAddress.of(path.get()));
        f.addListener(done -> {
            if (channel != ch) return;
            connecting = false;
            if (!done.isSuccess()) {
                lost(ch, "cannot reach the VM's port relay: " + done.cause().getMessage());
                return;
            }
            ch.write(Frames.hello(ch.alloc()), ch.voidPromise());
            pending.forEach(b -> ch.write(b, ch.voidPromise()));
            pending.clear();
            ch.flush();
            ch.closeFuture().addListener(x -> lost(ch, "the VM's port relay went away"));
        });
        return true;
    }

    /**
     * The guest's relay restarted while this connection stayed: its streams are gone and it waits for a HELLO.
     * The connection is dropped (a new one is made on next use and starts in step, with a HELLO).
     */
    private void restarted(Channel ch) {
        lost(ch, "the guest's port relay restarted");
        ch.close();
    }

    private void lost(Channel ch, String reason) {
        if (channel != ch) return;
        channel = null;
        connecting = false;
        pending.forEach(ByteBuf::release);
        pending.clear();
        List<RelayStream> gone = new ArrayList<>(streams.values());
        streams.clear();
        gone.forEach(s -> s.closed(reason));
    }

    /** Hands each of the guest's frames to its stream. */
    private final class Dispatch extends ChannelInboundHandlerAdapter {
        private boolean synced;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                int id = frame.getInt(0);
                int type = frame.getUnsignedByte(4);
                if (type == Frames.HELLO) {
                    // the first HELLO puts the connection in step; a later "greet me" means the guest's relay
                    // restarted and lost this connection's streams: start over on a fresh connection
                    if (synced && Frames.greetMe(frame)) restarted(ctx.channel());
                    synced = true;
                    return;
                }
                RelayStream s = streams.get(id);
                if (s == null) return;
                switch (type) {
                    case Frames.OPENED -> s.opened();
                    case Frames.DATA -> s.data(frame.retainedSlice(Frames.HEADER, frame.readableBytes() - Frames.HEADER));
                    case Frames.SHUT -> s.shut();
                    case Frames.CREDIT -> s.credit(Integer.toUnsignedLong(frame.getInt(Frames.HEADER)));
                    case Frames.CLOSE -> {
                        streams.remove(id);
                        s.closed(frame.toString(Frames.HEADER, frame.readableBytes() - Frames.HEADER,
                                StandardCharsets.UTF_8));
                    }
                    default -> {
                    }
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
