package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.vm.GuestEndpoint;
import dev.berth.engine.intercept.RequestInterceptor;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

@Timeout(60)
class EngineServerTest {
    static final Logger LOG = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
            (proxy, method, args) -> method.getReturnType() == boolean.class ? false : null);

    @TempDir
    Path dir;
    TestCertificates certs;
    FakeEngine engine;
    Path socket;
    EngineServer server;

    @BeforeEach
    void start() throws Exception {
        certs = TestCertificates.create(dir);
        engine = new FakeEngine(certs);
        socket = dir.resolve("run/docker.sock");
        server = proxy(() -> Optional.of(certs.endpoint(engine.port())), List.of());
    }

    EngineServer proxy(Supplier<Optional<GuestEndpoint>> guest, List<RequestInterceptor> interceptors) throws Exception {
        SocketFile.prepare(socket, true);
        return new EngineServer(socket, guest, () -> interceptors, LOG);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        engine.close();
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: docker\r\n\r\n";
    }

    @Test
    void socketIsOwnerOnlyAndGoesAwayOnClose() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        server.close();
        server = null;
        assertFalse(Files.exists(socket));
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (UnixClient client = new UnixClient(socket)) {
            for (String path : List.of("/_ping", "/v1.41/_ping", "/_ping")) {
                client.send(get(path));
                String[] response = client.readResponse();
                assertEquals(200, UnixClient.status(response[0]));
                assertEquals("OK", response[1]);
                assertEquals("1.41", UnixClient.header(response[0], "api-version"));
            }
            client.send("HEAD /_ping HTTP/1.1\r\nHost: docker\r\n\r\n" + get("/_ping"));
            String head = client.readHead();
            assertEquals(200, UnixClient.status(head));
            assertEquals("OK", client.readResponse()[1], "the HEAD answer has no body, the next answer follows it");
            assertEquals(1, server.connections());
        }
    }

    @Test
    void neverEndingStreamArrivesAsItIsWrittenAndClosingTheClientFreesTheEngineSide() throws Exception {
        try (UnixClient client = new UnixClient(socket)) {
            client.send(get("/v1.41/events"));
            assertEquals(200, UnixClient.status(client.readHead()));
            for (int n = 0; n < 5; n++) {
                assertEquals("{\"n\":" + n + "}\n", client.readChunk());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.streamsClosed.get() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(1, engine.streamsClosed.get(), "the engine connection of a vanished client is closed");
    }

    @Test
    void upgradeHijackCarriesBytesBothWaysAndPassesOnHalfClose() throws Exception {
        hijack("POST /v1.41/containers/abc123/attach?stream=1&stdin=1&stdout=1 HTTP/1.1\r\nHost: docker\r\n"
                + "Content-Length: 0\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n", 101);
    }

    @Test
    void legacyHijackWithoutUpgradeIsARawStreamToo() throws Exception {
        String body = "{\"Detach\":false,\"Tty\":false}";
        hijack("POST /exec/abc123/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body, 200);
    }

    @Test
    void buildKitSessionUpgradesToH2c() throws Exception {
        hijack("POST /session HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n"
                + "X-Docker-Expose-Session-Uuid: 1\r\n\r\n", 101);
    }

    private void hijack(String request, int status) throws Exception {
        try (UnixClient client = new UnixClient(socket)) {
            client.send(request);
            String head = client.readHead();
            assertEquals(status, UnixClient.status(head));
            assertEquals("application/vnd.docker.raw-stream", UnixClient.header(head, "content-type"));
            assertEquals("hello\n", new String(client.readExactly(6), StandardCharsets.US_ASCII),
                    "bytes that arrived with the answer are not lost");
            for (String line : List.of("one\n", "two\n")) {
                client.send(line);
                assertEquals(line, new String(client.readExactly(line.length()), StandardCharsets.US_ASCII));
            }
            client.send("last\n");
            client.shutdownOutput();
            assertEquals("last\nbye\n", new String(client.readToEnd(), StandardCharsets.US_ASCII),
                    "the engine read EOF after what was sent, and its answer still came back");
        }
    }

    @Test
    void fiftyMegabyteUploadIsStreamedNotGathered() throws Exception {
        int size = 50 << 20;
        byte[] piece = new byte[1 << 20];
        try (UnixClient client = new UnixClient(socket)) {
            client.send("POST /upload HTTP/1.1\r\nHost: docker\r\nContent-Type: application/x-tar\r\n"
                    + "Content-Length: " + size + "\r\n\r\n");
            client.send(piece);
            assertTrue(engine.uploadStarted.await(10, TimeUnit.SECONDS), "the engine gets the body while it is sent");
            for (int sent = piece.length; sent < size; sent += piece.length) client.send(piece);
            String[] response = client.readResponse();
            assertEquals(200, UnixClient.status(response[0]));
            assertEquals("{\"received\":" + size + "}", response[1]);
        }
    }

    @Test
    void slowReaderMakesTheEngineSideWaitInsteadOfFillingMemory() throws Exception {
        try (UnixClient client = new UnixClient(socket)) {
            client.send(get("/flood"));
            client.readHead();
            Thread.sleep(1500);
            long stalled = engine.flooded.get();
            assertTrue(stalled < 32 << 20, "the proxy stopped reading from the engine after " + stalled + " bytes");
            client.readExactly(16 << 20);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (engine.flooded.get() <= stalled && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(engine.flooded.get() > stalled, "reading again lets the engine write again");
        }
    }

    @Test
    void slowReaderOfAHijackedStreamGetsEverythingOnceItReads() throws Exception {
        try (UnixClient client = floodedAttach()) {
            Thread.sleep(1500);
            assertEquals(6 + 800 * 64 * 1024, client.readToEnd().length);
        }
    }

    @Test
    void clientThatDiesWhileNotReadingFreesTheEngineSide() throws Exception {
        floodedAttach().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.connections() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(0, server.connections());
    }

    /** An attach whose engine writes 50 MiB, by a client that sends no input, like {@code docker run} without -i. */
    private UnixClient floodedAttach() throws Exception {
        UnixClient client = new UnixClient(socket);
        client.send("POST /containers/abc123/attach?flood=1 HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\n"
                + "Upgrade: tcp\r\n\r\n");
        assertEquals(101, UnixClient.status(client.readHead()));
        client.shutdownOutput();
        Thread.sleep(500);
        return client;
    }

    @Test
    void engineThatDiesClosesTheClient() throws Exception {
        try (UnixClient client = new UnixClient(socket)) {
            client.send(get("/die"));
            assertEquals(200, UnixClient.status(client.readHead()));
            assertEquals("partial\n", client.readChunk());
            client.readToEnd();
        }
    }

    @Test
    void withoutAnEngineEndpointEveryRequestGets503AtOnce() throws Exception {
        server.close();
        server = proxy(Optional::empty, List.of());
        assertVmNotRunning();
    }

    @Test
    void refusedEngineConnectionGets503() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        server.close();
        server = proxy(() -> Optional.of(certs.endpoint(closedPort)), List.of());
        assertVmNotRunning();
    }

    private void assertVmNotRunning() throws Exception {
        long start = System.nanoTime();
        try (UnixClient client = new UnixClient(socket)) {
            client.send(get("/v1.41/version"));
            String[] response = client.readResponse();
            assertEquals(503, UnixClient.status(response[0]));
            assertEquals("application/json", UnixClient.header(response[0], "content-type"));
            assertEquals("{\"message\":\"Berth's VM is not running. Start it with: berth start\"}\n", response[1]);
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "answered at once");
    }

    @Test
    void engineWithAnotherAuthorityGetsANamedTlsError() throws Exception {
        TestCertificates other = TestCertificates.create(Files.createDirectory(dir.resolve("other")));
        server.close();
        server = proxy(() -> Optional.of(other.endpoint(engine.port())), List.of());
        try (UnixClient client = new UnixClient(socket)) {
            client.send(get("/_ping"));
            String[] response = client.readResponse();
            assertEquals(502, UnixClient.status(response[0]));
            assertTrue(response[1].contains("could not open a secure connection"), response[1]);
        }
    }

    @Test
    void garbageGets400AndTheServerKeepsServingOthers() throws Exception {
        try (UnixClient good = new UnixClient(socket); UnixClient bad = new UnixClient(socket)) {
            bad.send("THIS IS NOT HTTP\r\n\r\n");
            String[] response = bad.readResponse();
            assertEquals(400, UnixClient.status(response[0]));
            assertTrue(response[1].startsWith("{\"message\":\"malformed HTTP request"), response[1]);
            bad.readToEnd();
            good.send(get("/_ping"));
            assertEquals("OK", good.readResponse()[1]);
        }
    }
}
