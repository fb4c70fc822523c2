package dev.berth.network.internal.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.api.hypervisor.Protocol;
import dev.berth.api.network.PortBinding;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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

    /** Answers HELLO after stale bytes (as after a reconnect), opens every stream and echoes it, honouring SHUT. */
    static final class EchoGuest implements AutoCloseable {
        private final ServerSocketChannel server;

        EchoGuest(Path socket) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofPlatform().daemon().start(this::serve);
        }

        private void serve() {
            try (SocketChannel ch = server.accept()) {
                DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
                DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
                while (true) {
                    int id = in.readInt();
                    int typeAndLength = in.readInt();
                    int type = typeAndLength >>> 24;
                    byte[] payload = in.readNBytes(typeAndLength & 0xffffff);
                    switch (type) {
                        case Frames.HELLO -> {
                            out.write("stale half frame".getBytes(StandardCharsets.US_ASCII));
                            frame(out, 0, Frames.HELLO, payload);
                        }
                        case Frames.OPEN -> frame(out, id, Frames.OPENED, new byte[0]);
                        case Frames.DATA -> {
                            frame(out, id, Frames.DATA, payload);
                            frame(out, id, Frames.CREDIT, new byte[] {0, (byte) (payload.length >> 16),
                                    (byte) (payload.length >> 8), (byte) payload.length});
                        }
                        case Frames.SHUT -> {
                            frame(out, id, Frames.SHUT, new byte[0]);
                            frame(out, id, Frames.CLOSE, new byte[0]);
                        }
                        default -> {
                        }
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // the relay closed
            }
        }

        private static void frame(DataOutputStream out, int id, int type, byte[] payload) throws IOException {
            out.writeInt(id);
            out.writeInt(type << 24 | payload.length);
            out.write(payload);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

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
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(ping, ping.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            DatagramPacket answer = new DatagramPacket(new byte[100], 100);
            client.receive(answer);
            assertEquals("ping", new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII));
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
