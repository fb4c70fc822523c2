package dev.berth.network.internal.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.hypervisor.Protocol;
import dev.berth.api.network.PortBinding;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The host side of the relay against a scripted guest that breaks the protocol's limits. */
@Timeout(120)
class RelayLimitsTest {
    private static final byte[] CHUNK = new byte[Frames.MAX_DATA];
    private static final int MAX_SENT = 64 * 1024 * 1024;
    @TempDir
    Path dir;
    private final List<String> log = new CopyOnWriteArrayList<>();

    /** A guest relay that answers HELLO, then hands the connection to a script. */
    private interface Script {
        void run(FrameWire wire) throws Exception;
    }

    private Path guest(Script script) throws IOException {
        Path socket = dir.resolve("ports.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().start(() -> {
            try (server; FrameWire wire = new FrameWire(server.accept())) {
                wire.write(Frames.hello(ByteBufAllocator.DEFAULT));
                wire.next(Frames.HELLO);
                script.run(wire);
            } catch (Exception e) {
                // the relay closed the connection
            }
        });
        return socket;
    }

    /** Answers the first OPEN, then sends DATA on it regardless of credit until the host closes it. */
    private static Script overrun(CompletableFuture<FrameWire.Frame> close) {
        return wire -> {
            int id = wire.next(Frames.OPEN).id();
            wire.send(id, Frames.OPENED, new byte[0]);
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    close.complete(wire.next(Frames.CLOSE));
                } catch (IOException e) {
                    close.completeExceptionally(e);
                }
            });
            for (long sent = 0; !close.isDone() && sent < MAX_SENT; sent += CHUNK.length) {
                wire.send(id, Frames.DATA, CHUNK);
            }
            close.get();
        };
    }

    private void assertClosedForCredit(CompletableFuture<FrameWire.Frame> close, PortRelay relay) throws Exception {
        FrameWire.Frame closed = close.get(60, TimeUnit.SECONDS);
        assertTrue(closed.text().contains("credit"), "closed for: '" + closed.text() + "'");
        assertEquals(1L, relay.dropped().get(RelayCounters.STREAMS_CLOSED));
        assertEquals(1, log.size(), "logged once: " + log);
    }

    @Test
    void aTcpStreamWhoseGuestSendsBeyondItsCreditIsClosed() throws Exception {
        CompletableFuture<FrameWire.Frame> close = new CompletableFuture<>();
        Path socket = guest(overrun(close));
        int port = freePort();
        try (PortRelay relay = new PortRelay(() -> Optional.of(socket), log::add);
             Socket client = new Socket()) {
            relay.listen(new PortBinding(Protocol.TCP, "127.0.0.1", port, 80));
            client.setReceiveBufferSize(4096);
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertClosedForCredit(close, relay);
            InputStream in = client.getInputStream();
            while (in.read(CHUNK.clone()) >= 0) {
                // what reached the client before the close, then the end of the stream
            }
        }
    }

    @Test
    void aUnixStreamWhoseGuestSendsBeyondItsCreditIsClosed() throws Exception {
        CompletableFuture<FrameWire.Frame> close = new CompletableFuture<>();
        Path socket = guest(overrun(close));
        Path host = dir.resolve("docker.sock");
        try (PortRelay relay = new PortRelay(() -> Optional.of(socket), log::add)) {
            relay.forward(host, "/var/run/docker.sock");
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(host))) {
                assertClosedForCredit(close, relay);
                Channels.newInputStream(client).readAllBytes();
            }
        }
    }

    @Test
    void anOversizedFrameClosesOnlyItsOwnStream() throws Exception {
        CompletableFuture<FrameWire.Frame> close = new CompletableFuture<>();
        Path socket = guest(wire -> {
            int first = wire.next(Frames.OPEN).id();
            int second = wire.next(Frames.OPEN).id();
            wire.write(Frames.frame(ByteBufAllocator.DEFAULT, first, Frames.DATA, Unpooled.wrappedBuffer(new byte[70_000])));
            wire.send(second, Frames.DATA, "ok".getBytes(StandardCharsets.US_ASCII));
            wire.send(second, Frames.SHUT, new byte[0]);
            close.complete(wire.next(Frames.CLOSE));
            while (true) wire.next();
        });
        int port = freePort();
        try (PortRelay relay = new PortRelay(() -> Optional.of(socket), log::add)) {
            relay.listen(new PortBinding(Protocol.TCP, "127.0.0.1", port, 80));
            try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port)) {
                try (Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    FrameWire.Frame closed = close.get(60, TimeUnit.SECONDS);
                    assertTrue(closed.text().contains("70000"), closed.text());
                    assertEquals(-1, first.getInputStream().read(), "the stream of the oversized frame is closed");
                    assertEquals("ok", new String(second.getInputStream().readAllBytes(), StandardCharsets.US_ASCII),
                            "the other stream goes on");
                }
            }
        }
    }

    @Test
    void aPublishedUdpPortRelaysAtMostItsCapOfFlows() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        Path socket = guest(wire -> {
            while (true) if (wire.next().type() == Frames.OPEN) opens.incrementAndGet();
        });
        int port = freeUdpPort();
        List<DatagramSocket> senders = new ArrayList<>();
        try (PortRelay relay = new PortRelay(() -> Optional.of(socket), log::add)) {
            relay.listen(new PortBinding(Protocol.UDP, "127.0.0.1", port, 53));
            int total = UdpListener.MAX_FLOWS + 76;
            for (int i = 0; i < total; i++) {
                DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                senders.add(s);
                s.send(new DatagramPacket(new byte[] {1}, 1, InetAddress.getLoopbackAddress(), port));
                int seen = i + 1;
                awaitTrue(() -> opens.get() + relay.dropped().get(RelayCounters.AT_FLOW_CAP) >= seen);
            }
            assertEquals(UdpListener.MAX_FLOWS, opens.get(), "one flow per sender up to the cap");
            assertEquals(76L, relay.dropped().get(RelayCounters.AT_FLOW_CAP));
            assertEquals(76L, relay.dropped().get(RelayCounters.DATAGRAMS_DROPPED));
            assertEquals(1, log.size(), "logged once: " + log);
        } finally {
            senders.forEach(DatagramSocket::close);
        }
    }

    @Test
    void aUdpFloodAGuestDoesNotReadIsDroppedNotQueued() throws Exception {
        Path socket = guest(wire -> new CompletableFuture<Void>().get());   // never reads again
        int port = freeUdpPort();
        try (PortRelay relay = new PortRelay(() -> Optional.of(socket), log::add);
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            relay.listen(new PortBinding(Protocol.UDP, "127.0.0.1", port, 53));
            byte[] datagram = new byte[1024];
            // The kernel drops what the relay is too slow to take, so send until the relay itself drops (bounded).
            for (int i = 0; i < 400_000 && relay.dropped().get(RelayCounters.DATAGRAMS_DROPPED) == 0; i++) {
                client.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
                if (i % 1000 == 999) Thread.sleep(1);
            }
            awaitTrue(() -> relay.dropped().get(RelayCounters.DATAGRAMS_DROPPED) > 0);
            assertEquals(1, log.size(), "logged once: " + log);
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 10_000 && !condition.getAsBoolean(); i++) Thread.sleep(1);
        assertTrue(condition.getAsBoolean(), "condition met");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
