package dev.berth.network.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection accepted on a host listener (a published TCP port or a forwarded Unix socket), relayed to the
 * guest as a stream: bytes both ways within the credit window, half-closes passed on, and the connection closed
 * when the guest's side fails or ends.
 */
final class TcpStream extends ChannelInboundHandlerAdapter implements RelayStream {
    private static final long OPEN_TIMEOUT_SECONDS = 10;
    private final RelayLink link;
    private final GuestTarget target;
    private Channel client;
    private int id = -1;
    private boolean inputDone;
    private long unacked;
    private final GuestWindow window = new GuestWindow();
    private long consumed;
    private int writing;
    private ScheduledFuture<?> timeout;

    /** A stream to {@code target} in the guest. */
    TcpStream(RelayLink link, GuestTarget target) {
        this.link = link;
        this.target = target;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        id = link.open(this, target);
        if (id < 0) {
            client.close();
            return;
        }
        timeout = client.eventLoop().schedule(() -> closed("the guest did not answer"), OPEN_TIMEOUT_SECONDS,
                TimeUnit.SECONDS);
        client.config().setAutoRead(true);   // the guest keeps what arrives before its socket connects
    }

    @Override
    public void opened() {
        timeout.cancel(false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        try {
            while (id >= 0 && bytes.isReadable()) {
                int n = Math.min(bytes.readableBytes(), Frames.MAX_DATA);
                link.data(id, bytes.readRetainedSlice(n));
                unacked += n;
            }
        } finally {
            bytes.release();
        }
        if (unacked >= Frames.WINDOW) client.config().setAutoRead(false);
    }

    @Override
    public void credit(long bytes) {
        unacked -= bytes;
        if (!inputDone && unacked < Frames.WINDOW) client.config().setAutoRead(true);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent && !inputDone) {
            inputDone = true;
            client.config().setAutoRead(false);
            if (id >= 0) link.shut(id);
        }
    }

    @Override
    public void data(ByteBuf payload) {
        int n = payload.readableBytes();
        if (!window.receive(n)) {
            payload.release();
            link.violated(id, GuestWindow.EXCEEDED);
            return;
        }
        writing++;
        client.writeAndFlush(payload).addListener(f -> {
            writing--;
            if (!f.isSuccess() || id < 0) return;
            consumed += n;
            if (consumed >= Frames.WINDOW / 4 || writing == 0) {
                link.credit(id, consumed);
                window.credited(consumed);
                consumed = 0;
            }
        });
    }

    @Override
    public void shut() {
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ((DuplexChannel) client).shutdownOutput());
    }

    @Override
    public void closed(String reason) {
        if (timeout != null) timeout.cancel(false);
        if (id >= 0) link.close(id);
        id = -1;
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) timeout.cancel(false);
        if (id >= 0) link.close(id);
        id = -1;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
