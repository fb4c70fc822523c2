package dev.berth.network.internal.relay;

import dev.berth.api.hypervisor.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A published UDP port: each sender's datagrams form a flow relayed as one stream, whose answers go back to that
 * sender; a flow quiet for two minutes ends, as a NAT's would. What cannot be carried is dropped and counted, never
 * queued without bound: datagrams while the guest link is congested, or from new senders past {@link #MAX_FLOWS}.
 */
final class UdpListener extends SimpleChannelInboundHandler<DatagramPacket> {
    /** Flows one published port relays at once. */
    static final int MAX_FLOWS = 1024;
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(2);
    private final RelayLink link;
    private final int guestPort;
    private final Map<InetSocketAddress, Flow> flows = new HashMap<>();
    private final boolean[] warned = new boolean[Drop.values().length];
    private Channel channel;
    private ScheduledFuture<?> sweep;

    /** Why a datagram was dropped, each logged once per port. */
    private enum Drop {
        FLOWS("new senders past the cap of " + MAX_FLOWS + " flows"),
        CONGESTED("the link to the guest is congested"),
        CLIENT("the answer could not be sent on, or is too long for one datagram");

        private final String why;

        Drop(String why) {
            this.why = why;
        }
    }

    /** Relays to {@code guestPort} on the guest's loopback address. */
    UdpListener(RelayLink link, int guestPort) {
        this.link = link;
        this.guestPort = guestPort;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        sweep = channel.eventLoop().scheduleWithFixedDelay(this::sweep, 30, 30, TimeUnit.SECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress sender = packet.sender();
        Flow flow = flows.get(sender);
        if (flow == null && flows.size() >= MAX_FLOWS) {
            drop(Drop.FLOWS);
            return;
        }
        if (link.congested()) {
            drop(Drop.CONGESTED);
            return;
        }
        if (flow == null) {
            flow = new Flow(sender);
            flow.id = link.open(flow, GuestTarget.port(Protocol.UDP, guestPort));
            if (flow.id < 0) return;
            flows.put(sender, flow);
        }
        flow.lastUsed = System.nanoTime();
        // the datagram was read into a buffer big enough for any: queue only its own bytes
        ByteBuf content = packet.content();
        link.data(flow.id, ctx.alloc().buffer(content.readableBytes()).writeBytes(content));
    }

    private void drop(Drop why) {
        String warning = warned[why.ordinal()] ? null
                : "UDP port relayed to guest port " + guestPort + " drops datagrams: " + why.why + " (counted in the network status)";
        warned[why.ordinal()] = true;
        if (why == Drop.FLOWS) link.counters().flowRefused(warning); else link.counters().datagramDropped(warning);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Flow f : new ArrayList<>(flows.values())) {
            if (now - f.lastUsed > IDLE_NANOS) {
                flows.remove(f.sender);
                link.close(f.id);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sweep != null) sweep.cancel(false);
        flows.values().forEach(f -> link.close(f.id));
        flows.clear();
    }

    /** One sender's datagrams and their answers. */
    private final class Flow implements RelayStream {
        private final InetSocketAddress sender;
        private int id;
        private long lastUsed;

        Flow(InetSocketAddress sender) {
            this.sender = sender;
        }

        @Override
        public void opened() {
        }

        @Override
        public void data(ByteBuf payload) {
            lastUsed = System.nanoTime();
            if (payload.readableBytes() > Frames.MAX_DATAGRAM || !channel.isWritable()) {
                payload.release();
                drop(Drop.CLIENT);
                return;
            }
            channel.writeAndFlush(new DatagramPacket(payload, sender), channel.voidPromise());
        }

        @Override
        public void shut() {
        }

        @Override
        public void credit(long bytes) {
        }

        @Override
        public void closed(String reason) {
            flows.remove(sender, this);
        }
    }
}
