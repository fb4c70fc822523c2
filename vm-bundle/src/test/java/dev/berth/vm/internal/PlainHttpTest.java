package dev.berth.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine ping's HTTP/1.0 exchange over a Unix socket, against a server that answers by hand. */
class PlainHttpTest {
    @TempDir
    Path dir;

    /** Serves one connection: reads the request head, writes {@code answer} unless null, then keeps or closes it. */
    private static Thread serve(ServerSocketChannel server, String answer, StringBuilder request) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (SocketChannel ch = server.accept()) {
                ByteBuffer b = ByteBuffer.allocate(4096);
                while (!new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).contains("\r\n\r\n")) ch.read(b);
                request.append(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII));
                if (answer == null) {
                    Thread.sleep(5_000);
                    return;
                }
                ch.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException | InterruptedException e) {
                // the client left
            }
        });
    }

    @Test
    void readsTheStatusAndTheBodyUpToTheClose() throws Exception {
        Path socket = dir.resolve("engine.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            StringBuilder request = new StringBuilder();
            serve(server, "HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\n\r\nOK", request);
            Optional<PlainHttp.Answer> a = PlainHttp.get(socket, "/_ping", Duration.ofSeconds(5));
            assertEquals(Optional.of(new PlainHttp.Answer(200, "OK")), a);
            assertTrue(request.toString().startsWith("GET /_ping HTTP/1.0\r\n"), request.toString());
        }
    }

    @Test
    void givesUpAfterTheTimeoutWhenNoAnswerComes() throws Exception {
        Path socket = dir.resolve("engine.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            serve(server, null, new StringBuilder());
            long start = System.nanoTime();
            assertEquals(Optional.empty(), PlainHttp.get(socket, "/_ping", Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - start < 3_000_000_000L, "it did not wait for the server");
        }
    }

    @Test
    void noServerAndNoHttpAreEmpty() {
        assertEquals(Optional.empty(), PlainHttp.get(dir.resolve("nobody.sock"), "/_ping", Duration.ofSeconds(1)));
        assertEquals(Optional.empty(), PlainHttp.parse("SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), PlainHttp.parse(new byte[0]));
    }
}
