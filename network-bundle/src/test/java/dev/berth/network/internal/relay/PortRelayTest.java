package dev.berth.network.internal.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.api.hypervisor.Protocol;
import dev.berth.api.network.PortBinding;
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
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The host side of the relay against a peer that speaks the guest's protocol and echoes every stream. */
@Timeout(60)
class PortRelayTest {
    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void relaysATcpConnectionBothWaysWithHalfClose() throws Exception {
        Path socket = dir.resolve("ports.sock");
        int port = freePort();
        try (EchoGuest guest = new EchoGuest(socket); PortRelay relay = new PortRelay(() -> Optional.of(socket))) {
            relay.listen(new PortBinding(Protocol.TCP, "127.0.0.1", port, 80));
            byte[] sent = new byte[3 * 1024 * 1024 + 17];
            new Random(7).nextBytes(sent);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        client.getOutputStream().write(sent);
                        client.shutdownOutput();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                byte[] echoed = client.getInputStream().readAllBytes();
                writer.join();
                assertArrayEquals(sent, echoed, "every byte came back, then the end of the stream");
            }
        }
    }

    @Test
    void relaysUdpDatagramsToTheirSender() throws Exception {
        Path socket = dir.resolve("ports.sock");
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (EchoGuest guest = new EchoGuest(socket); PortRelay relay = new PortRelay(() -> Optional.of(socket));
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            relay.listen(new PortBinding(Protocol.UDP, "127.0.0.1", port, 53));
            client.setSoTimeout(10_000);
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(ping, ping.length, to));
            DatagramPacket answer = new DatagramPacket(new byte[100], 100);
            client.receive(answer);
            assertEquals("ping", new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII));
            // a DNS answer over 4 KiB, a large datagram, and the largest one IPv4 carries, each whole both ways
            for (int size : new int[] {4096, 60 * 1024, Frames.MAX_DATAGRAM}) {
                byte[] sent = new byte[size];
                new Random(size).nextBytes(sent);
                client.send(new DatagramPacket(sent, size, to));
                DatagramPacket back = new DatagramPacket(new byte[65536], 65536);
                client.receive(back);
                assertArrayEquals(sent, java.util.Arrays.copyOf(back.getData(), back.getLength()), size + " bytes");
            }
        }
    }

    @Test
    void aGuestRelayThatRestartedIsReachedAgainOnAFreshConnection() throws Exception {
        Path socket = dir.resolve("ports.sock");
        int port = freePort();
        try (EchoGuest guest = new EchoGuest(socket, true); PortRelay relay = new PortRelay(() -> Optional.of(socket))) {
            relay.listen(new PortBinding(Protocol.TCP, "127.0.0.1", port, 80));
            String answer = "";
            for (int attempt = 0; attempt < 20 && !answer.equals("hi"); attempt++) {
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    client.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
                    client.shutdownOutput();
                    answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                }
            }
            assertEquals("hi", answer, "a connection through the relay works again");
            assertEquals(2, guest.connections, "the relay reconnected once, after the guest asked to be greeted");
        }
    }

    @Test
    void forwardsAUnixSocketToTheGuestSocketItNames() throws Exception {
        Path socket = dir.resolve("ports.sock");
        Path host = dir.resolve("docker.sock");
        try (EchoGuest guest = new EchoGuest(socket); PortRelay relay = new PortRelay(() -> Optional.of(socket))) {
            relay.forward(host, "/var/run/docker.sock");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(host)), "only its owner may use it");
            byte[] sent = new byte[3 * 1024 * 1024 + 5];
            new Random(11).nextBytes(sent);
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(host))) {
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(sent);
                        while (b.hasRemaining()) client.write(b);
                        client.shutdownOutput();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                byte[] echoed = Channels.newInputStream(client).readAllBytes();
                writer.join();
                assertArrayEquals(sent, echoed, "every byte came back after the half-close, then the end of the stream");
            }
            byte[] open = guest.lastOpen;
            assertEquals(1, open[0], "protocol 1: a Unix socket");
            assertEquals("/var/run/docker.sock", new String(open, 4, open.length - 4, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBurstOfConnectionsToAForwardedSocketIsAllAccepted() throws Exception {
        Path socket = dir.resolve("ports.sock");
        Path host = dir.resolve("docker.sock");
        try (EchoGuest guest = new EchoGuest(socket); PortRelay relay = new PortRelay(() -> Optional.of(socket))) {
            relay.forward(host, "/var/run/docker.sock");
            // the engine proxy connects without blocking, as for 200 clients at once: a full accept queue refuses
            java.util.List<SocketChannel> clients = new java.util.ArrayList<>();
            java.util.List<String> refused = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                    clients.add(c);
                    c.configureBlocking(false);
                    try {
                        c.connect(UnixDomainSocketAddress.of(host));
                    } catch (IOException e) {
                        refused.add(i + ": " + e.getMessage());
                    }
                }
                assertEquals(java.util.List.of(), refused, "every connection of the burst is taken");
            } finally {
                for (SocketChannel c : clients) c.close();
            }
        }
    }

    @Test
    void aForwardedSocketClosesAConnectionWhileNoVmRuns() throws Exception {
        Path host = dir.resolve("docker.sock");
        try (PortRelay relay = new PortRelay(Optional::empty)) {
            relay.forward(host, "/var/run/docker.sock");
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(host))) {
                assertEquals(-1, Channels.newInputStream(client).read(), "closed at once");
            }
        }
    }

    @Test
    void aConnectionIsClosedWhenNoGuestAnswers() throws Exception {
        int port = freePort();
        try (PortRelay relay = new PortRelay(() -> Optional.of(dir.resolve("nobody.sock")))) {
            relay.listen(new PortBinding(Protocol.TCP, "127.0.0.1", port, 80));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                InputStream in = client.getInputStream();
                assertEquals(-1, in.read(), "closed, as a refused connection would be");
            }
        }
    }
}
