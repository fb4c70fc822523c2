package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class InterceptionTest {
    @TempDir
    Path dir;

    /** Refuses containers whose body names a forbidden path, after thinking about it on another thread. */
    static final class RefuseForbidden implements RequestInterceptor {
        @Override
        public boolean wants(HttpRequest head) {
            return head.method().equals(HttpMethod.POST) && head.uri().endsWith("/containers/create");
        }

        @Override
        public CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request) {
            String body = request.content().toString(StandardCharsets.UTF_8);
            return CompletableFuture.supplyAsync(() -> body.contains("/forbidden")
                    ? Optional.of(EngineErrors.json(HttpResponseStatus.BAD_REQUEST, "no /forbidden here"))
                    : Optional.empty());
        }
    }

    @Test
    @Timeout(30)
    void interceptorAnswersLocallyOrLetsTheRequestThroughOnTheSameConnection() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Path socket = dir.resolve("docker.sock");
        try (FakeEngine engine = new FakeEngine(certs);
             EngineServer server = new EngineServer(socket, () -> Optional.of(certs.endpoint(engine.port())),
                     () -> List.of(new RefuseForbidden()), EngineServerTest.LOG);
             UnixClient client = new UnixClient(socket)) {
            client.send(create("{\"HostConfig\":{\"Binds\":[\"/forbidden:/x\"]}}"));
            String[] refused = client.readResponse();
            assertEquals(400, UnixClient.status(refused[0]));
            assertEquals("{\"message\":\"no /forbidden here\"}\n", refused[1]);
            client.send(create("{\"HostConfig\":{\"Binds\":[\"/home/me:/x\"]}}") + EngineServerTest.get("/_ping"));
            assertEquals("{\"created\":true}", client.readResponse()[1]);
            assertEquals("OK", client.readResponse()[1], "a request sent right behind waits its turn");
        }
    }

    private static String create(String json) {
        return "POST /containers/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";
    }
}
