package dev.berth.ui.internal.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the client against a tiny engine on a real Unix socket that answers with canned bytes. */
class DockerClientTest {
    @TempDir
    Path dir;
    private ServerSocketChannel server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private Path serve(Function<String, String> answer) throws Exception {
        Path socket = dir.resolve("docker.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().start(() -> {
            while (server.isOpen()) {
                try (SocketChannel c = server.accept()) {
                    String head = readHead(c);
                    requests.add(head);
                    c.write(ByteBuffer.wrap(answer.apply(head).getBytes(StandardCharsets.ISO_8859_1)));
                    if (head.contains("Upgrade: tcp")) {
                        ByteBuffer in = ByteBuffer.allocate(64);
                        int n = c.read(in);
                        c.write(ByteBuffer.wrap(("echo:" + new String(in.array(), 0, Math.max(n, 0), StandardCharsets.ISO_8859_1))
                                .getBytes(StandardCharsets.ISO_8859_1)));
                    }
                } catch (Exception e) {
                    return;
                }
            }
        });
        return socket;
    }

    private static String readHead(SocketChannel c) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            one.clear();
            if (c.read(one) < 0) break;
            head.write(one.array()[0]);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int at = text.toLowerCase().indexOf("content-length: ");
        if (at >= 0) {
            int length = Integer.parseInt(text.substring(at + 16, text.indexOf("\r\n", at)).strip());
            ByteBuffer body = ByteBuffer.allocate(length);
            while (body.hasRemaining() && c.read(body) >= 0) {
                // read the whole body
            }
            text += new String(body.array(), StandardCharsets.UTF_8);
        }
        return text;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void aCallReturnsTheWholeAnswer() throws Exception {
        Path socket = serve(h -> "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n[{\"Id\":\"a1\"}]");
        try (DockerClient docker = new DockerClient(() -> Optional.of(socket))) {
            DockerResponse res = docker.call("POST", "/containers/a1/stop", java.util.Map.of("x", 1)).get(10, TimeUnit.SECONDS);
            assertEquals(200, res.status());
            assertEquals("a1", res.json().path(0).path("Id").asText());
            assertTrue(requests.getFirst().startsWith("POST /containers/a1/stop HTTP/1.1"), requests.getFirst());
            assertTrue(requests.getFirst().endsWith("{\"x\":1}"), requests.getFirst());
        }
    }

    @Test
    void aStreamDeliversChunksAsTheyComeThenEnds() throws Exception {
        Path socket = serve(h -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\n{\"a\":1\r\n2\r\n}\n\r\n0\r\n\r\n");
        CompletableFuture<String> ended = new CompletableFuture<>();
        StringBuilder got = new StringBuilder();
        try (DockerClient docker = new DockerClient(() -> Optional.of(socket))) {
            docker.stream("/events", new DockerClient.StreamListener() {
                @Override
                public void data(byte[] bytes) {
                    got.append(new String(bytes, StandardCharsets.UTF_8));
                }

                @Override
                public void end(String problem) {
                    ended.complete(String.valueOf(problem));
                }
            });
            assertEquals("null", ended.get(10, TimeUnit.SECONDS));
            assertEquals("{\"a\":1}\n", got.toString());
        }
    }

    @Test
    void aHijackedStreamCarriesBytesBothWays() throws Exception {
        Path socket = serve(h -> "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
        CompletableFuture<String> echoed = new CompletableFuture<>();
        try (DockerClient docker = new DockerClient(() -> Optional.of(socket))) {
            DockerClient.Stream s = docker.hijack("/exec/e1/start", java.util.Map.of("Tty", true), new DockerClient.StreamListener() {
                @Override
                public void data(byte[] bytes) {
                    echoed.complete(new String(bytes, StandardCharsets.ISO_8859_1));
                }

                @Override
                public void end(String problem) {
                }
            }).get(10, TimeUnit.SECONDS);
            s.write("ls\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("echo:ls\n", echoed.get(10, TimeUnit.SECONDS));
            s.close();
        }
    }

    @Test
    void aMissingEngineIsReportedInWords() throws Exception {
        try (DockerClient docker = new DockerClient(Optional::empty)) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> docker.call("GET", "/info", null).get(10, TimeUnit.SECONDS));
            assertInstanceOf(DockerUnavailableException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("berth start"), e.getCause().getMessage());
        }
        try (DockerClient docker = new DockerClient(() -> Optional.of(dir.resolve("nobody.sock")))) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> docker.call("GET", "/info", null).get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("cannot reach the Docker engine"), e.getCause().getMessage());
        }
    }
}
