package dev.berth.nativeio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/1.0 calls over a Unix socket, against a server that answers by hand. */
class UnixHttpTest {
    @TempDir
    Path dir;

    /**
     * Serves one connection: reads the whole request (head and declared body), writes {@code answer} and closes, or
     * holds the connection without answering when {@code answer} is null.
     */
    private static void serve(ServerSocketChannel server, String answer, StringBuilder request) {
        Thread.ofPlatform().daemon().start(() -> {
            try (SocketChannel ch = server.accept()) {
                ByteBuffer b = ByteBuffer.allocate(8192);
                while (true) {
                    String text = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
                    int end = text.indexOf("\r\n\r\n");
                    int length = text.contains("Content-Length: ")
                            ? Integer.parseInt(text.replaceAll("(?s).*Content-Length: (\\d+).*", "$1")) : 0;
                    if (end >= 0 && text.length() >= end + 4 + length) break;
                    ch.read(b);
                }
                request.append(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII));
                if (answer == null) {
                    Thread.sleep(5_000);
                    return;
                }
                ch.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException | InterruptedException e) {
                // the client left
            }
        });
    }

    private ServerSocketChannel server() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("engine.sock")));
        return server;
    }

    @Test
    void postsAJsonBodyAndReadsTheAnswer() throws Exception {
        try (ServerSocketChannel server = server()) {
            StringBuilder request = new StringBuilder();
            serve(server, "HTTP/1.0 201 Created\r\nContent-Type: application/json\r\n\r\n{\"Id\":\"abc\"}", request);
            UnixHttp.Answer a = UnixHttp.call(dir.resolve("engine.sock"), "POST", "/containers/create",
                    "{\"Image\":\"x\"}", Duration.ofSeconds(5));
            assertEquals(new UnixHttp.Answer(201, "{\"Id\":\"abc\"}"), a);
            assertTrue(request.toString().startsWith("POST /containers/create HTTP/1.0\r\n"), request.toString());
            assertTrue(request.toString().endsWith("\r\n\r\n{\"Image\":\"x\"}"), request.toString());
        }
    }

    @Test
    void aGetSendsNoBody() throws Exception {
        try (ServerSocketChannel server = server()) {
            StringBuilder request = new StringBuilder();
            serve(server, "HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\n\r\nOK", request);
            UnixHttp.Answer a = UnixHttp.call(dir.resolve("engine.sock"), "GET", "/_ping", null, Duration.ofSeconds(5));
            assertEquals(new UnixHttp.Answer(200, "OK"), a);
            assertEquals("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n", request.toString());
        }
    }

    @Test
    void streamsLinesUntilTheServerCloses() throws Exception {
        try (ServerSocketChannel server = server()) {
            serve(server, "HTTP/1.0 200 OK\r\n\r\n{\"a\":1}\n{\"b\":2}\n", new StringBuilder());
            try (Stream<String> lines = UnixHttp.lines(dir.resolve("engine.sock"), "/events")) {
                assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), lines.toList());
            }
        }
    }

    @Test
    void anErrorStatusOfAStreamAClosedConnectionAndNoHttpFail() throws Exception {
        Path socket = dir.resolve("engine.sock");
        try (ServerSocketChannel server = server()) {
            serve(server, "HTTP/1.0 500 Internal Server Error\r\n\r\n", new StringBuilder());
            assertThrows(IOException.class, () -> UnixHttp.lines(socket, "/events"));
            serve(server, "", new StringBuilder());
            IOException closed = assertThrows(IOException.class,
                    () -> UnixHttp.call(socket, "GET", "/info", null, Duration.ofSeconds(5)));
            assertEquals("the server closed the connection before answering", closed.getMessage(),
                    "a closed connection is no timeout");
            serve(server, "SSH-2.0-OpenSSH\r\n\r\n", new StringBuilder());
            IOException ssh = assertThrows(IOException.class,
                    () -> UnixHttp.call(socket, "GET", "/_ping", null, Duration.ofSeconds(5)));
            assertTrue(ssh.getMessage().startsWith("not an HTTP answer"), ssh.getMessage());
        }
        assertThrows(IOException.class, () -> UnixHttp.call(dir.resolve("nobody.sock"), "GET", "/_ping", null,
                Duration.ofSeconds(1)));
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() throws Exception {
        try (ServerSocketChannel server = server()) {
            serve(server, null, new StringBuilder());
            long start = System.nanoTime();
            IOException late = assertThrows(IOException.class,
                    () -> UnixHttp.call(dir.resolve("engine.sock"), "GET", "/info", null, Duration.ofMillis(300)));
            assertEquals("GET /info timed out after 300 ms", late.getMessage());
            assertTrue(System.nanoTime() - start < 3_000_000_000L, "it did not wait for the server");
        }
    }
}
