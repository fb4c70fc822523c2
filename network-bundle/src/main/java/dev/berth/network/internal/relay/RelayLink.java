package dev.berth.network.internal.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
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
    /**
     * Bytes queued towards the guest beyond which datagrams are dropped rather than queued (TCP streams stay
     * within their credit windows, so only datagrams could grow the queue without end).
     */
    private static final int QUEUE_HIGH = 4 * 1024 * 1024;
    private final EventLoop loop;
    private final Supplier<Optional<Path>> socket;
    private final RelayCounters counters;
    private final Map<Integer, RelayStream> streams = new HashMap<>();
    private final List<ByteBuf> pending = new ArrayList<>();
    private long pendingBytes;
    private Channel channel;
    private boolean connecting;
    private int nextId = 1;

    /** A link that reaches the guest through the channel socket {@code socket} names while a VM runs. */
    RelayLink(EventLoop loop, Supplier<Optional<Path>> socket, RelayCounters counters) {
        this.loop = loop;
        this.socket = socket;
        this.counters = counters;
    }

    /** The counters of what the relay refused to carry. */
    RelayCounters counters() {
        return counters;
    }

    /** Whether so much waits to reach the guest that a datagram should be dropped rather than queued. */
    boolean congested() {
        if (connecting) return pendingBytes >= QUEUE_HIGH;
        return channel != null && !channel.isWritable();
    }

    /**
     * Closes stream {@code id} because the guest broke a limit of the protocol: tells the guest why, counts and
     * logs it once (later frames of the stream find no stream), and ends the stream's host side.
     */
    void violated(int id, String reason) {
        RelayStream s = streams.remove(id);
        if (s == null) return;
        counters.streamClosed(id, reason);
        send(Frames.frame(ALLOC, id, Frames.CLOSE, Unpooled.copiedBuffer(reason, StandardCharsets.UTF_8)));
        s.closed(reason);
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
            pendingBytes += frame.readableBytes();
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
        ChannelFuture f = new Bootstrap().group(loop).channelFactory(() -> ch)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(QUEUE_HIGH / 2, QUEUE_HIGH))
                .handler(new ChannelInitializer<>() {
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
            pendingBytes = 0;
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
        pendingBytes = 0;
        List<RelayStream> gone = new ArrayList<>(streams.values());
        streams.clear();
        gone.forEach(s -> s.closed(reason));
    }

    /** Hands each of the guest's frames to its stream. */
    private final class Dispatch extends ChannelInboundHandlerAdapter {
        private boolean synced;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FrameDecoder.Oversized o) {
                violated(o.id(), "the guest sent a frame of " + o.length() + " bytes; a frame carries at most "
                        + Frames.MAX_DATA);
                return;
            }
            ByteBuf frame = (ByteBuf) msg;
            try {
                int id = Frames.id(frame);
                int type = Frames.type(frame);
                if (type == Frames.HELLO) {
                    // the first HELLO puts the connection in step; a later "greet me" means the guest's relay
                    // restarted and lost this connection's streams: start over on a fresh connection
                    if (synced && Frames.greetMe(frame)) restarted(ctx.channel());
                    synced = true;
                    return;
                }
                RelayStream s = streams.get(id);
                if (s == null) return;
                ByteBuf payload = Frames.payload(frame);
                switch (type) {
                    case Frames.OPENED -> s.opened();
                    case Frames.DATA -> s.data(payload.retain());
                    case Frames.SHUT -> s.shut();
                    case Frames.CREDIT -> {
                        if (payload.readableBytes() == 4) s.credit(Integer.toUnsignedLong(payload.getInt(0)));
                    }
                    case Frames.CLOSE -> {
                        streams.remove(id);
                        s.closed(payload.toString(StandardCharsets.UTF_8));
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
