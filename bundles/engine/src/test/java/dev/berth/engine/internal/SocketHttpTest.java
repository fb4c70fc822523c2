package dev.berth.engine.internal;

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

/** The proxy's own HTTP/1.0 calls over a Unix socket, against a server that answers by hand. */
class SocketHttpTest {
    @TempDir
    Path dir;

    /** Serves one connection: reads the whole request (head and declared body), answers, closes. */
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
                ch.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // the client left
            }
        });
    }

    @Test
    void postsAJsonBodyAndReadsTheAnswer() throws Exception {
        Path socket = dir.resolve("engine.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            StringBuilder request = new StringBuilder();
            serve(server, "HTTP/1.0 201 Created\r\nContent-Type: application/json\r\n\r\n{\"Id\":\"abc\"}", request);
            EngineApi.Answer a = SocketHttp.call(socket, "POST", "/containers/create", "{\"Image\":\"x\"}",
                    Duration.ofSeconds(5));
            assertEquals(201, a.status());
            assertEquals("abc", a.json().path("Id").asText());
            assertTrue(request.toString().startsWith("POST /containers/create HTTP/1.0\r\n"), request.toString());
            assertTrue(request.toString().endsWith("\r\n\r\n{\"Image\":\"x\"}"), request.toString());
        }
    }

    @Test
    void streamsLinesUntilTheEngineCloses() throws Exception {
        Path socket = dir.resolve("engine.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            serve(server, "HTTP/1.0 200 OK\r\n\r\n{\"a\":1}\n{\"b\":2}\n", new StringBuilder());
            try (Stream<String> lines = SocketHttp.lines(socket, "/events")) {
                assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), lines.toList());
            }
        }
    }

    @Test
    void anErrorStatusOfAStreamAndAClosedConnectionFail() throws Exception {
        Path socket = dir.resolve("engine.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            serve(server, "HTTP/1.0 500 Internal Server Error\r\n\r\n", new StringBuilder());
            assertThrows(IOException.class, () -> SocketHttp.lines(socket, "/events"));
            serve(server, "", new StringBuilder());
            IOException closed = assertThrows(IOException.class,
                    () -> SocketHttp.call(socket, "GET", "/info", null, Duration.ofSeconds(5)));
            assertEquals("the engine closed the connection before answering", closed.getMessage(),
                    "a closed connection is no timeout");
        }
    }

    @Test
    void anEngineThatDoesNotAnswerTimesOut() throws Exception {
        Path socket = dir.resolve("engine.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            IOException late = assertThrows(IOException.class,
                    () -> SocketHttp.call(socket, "GET", "/info", null, Duration.ofMillis(300)));
            assertEquals("GET /info timed out after 300 ms", late.getMessage());
        }
    }
}
