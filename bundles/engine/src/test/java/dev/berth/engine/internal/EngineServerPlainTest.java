package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The proxy's behaviour again, with the engine reached in plain text through a host Unix socket (as the port
 * relay presents the guest's API socket) instead of over TLS.
 */
class EngineServerPlainTest extends EngineServerTest {
    @BeforeEach
    @Override
    void start() throws Exception {
        certs = TestCertificates.create(dir);
        engine = new FakeEngine(dir.resolve("engine.sock"));
        socket = dir.resolve("run/docker.sock");
        server = proxy(() -> Optional.of(certs.endpoint(1).withSocket(dir.resolve("engine.sock"))), List.of());
    }

    @Test
    @Override
    void refusedEngineConnectionGets503() throws Exception {
        server.close();
        server = proxy(() -> Optional.of(certs.endpoint(1).withSocket(dir.resolve("nobody.sock"))), List.of());
        try (UnixClient client = new UnixClient(socket)) {
            client.send(get("/v1.41/version"));
            assertEquals(503, UnixClient.status(client.readResponse()[0]));
        }
    }

    @Test
    @Override
    @Disabled("the plain path has no TLS")
    void engineWithAnotherAuthorityGetsANamedTlsError() {
    }
}
