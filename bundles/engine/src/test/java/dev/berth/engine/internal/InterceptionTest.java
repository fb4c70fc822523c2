package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.intercept.RequestInterceptor;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's own mount check in front of the other interceptors, on real connections. */
class InterceptionTest {
    @TempDir
    Path dir;

    /** Wants every POST and lets it through, remembering the bodies it saw. */
    static final class Recorder implements RequestInterceptor {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public boolean wants(HttpRequest head) {
            return head.method().equals(HttpMethod.POST);
        }

        @Override
        public CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request) {
            seen.add(request.content().toString(StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    @Test
    @Timeout(30)
    void theMountGuardAnswersFirstAndTheOthersSeeWhatItLetsThroughOnTheSameConnection() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Path socket = dir.resolve("docker.sock");
        Recorder recorder = new Recorder();
        List<RequestInterceptor> interceptors = List.of(new MountGuard(() -> Optional.of(MountGuardTest.HOME)),
                new CreateInterceptor(CreateComponent.HOST_ADDRESS), recorder);
        try (FakeEngine engine = new FakeEngine(certs);
             EngineServer server = new EngineServer(socket, () -> Optional.of(certs.endpoint(engine.port())),
                     () -> interceptors, EngineServerTest.LOG);
             UnixClient client = new UnixClient(socket)) {
            client.send(post("/v1.45/containers/%63reate", "{\"hostconfig\":{\"binds\":[\"/etc:/x\"]}}"));
            String[] refused = client.readResponse();
            assertEquals(400, UnixClient.status(refused[0]));
            assertEquals("{\"message\":\"" + MountCheck.deniedMessage("/etc") + "\"}\n", refused[1]);
            client.send(post("/v1.23/containers/abc/start", "{\"Binds\":[\"/etc:/x\"]}"));
            assertEquals(400, UnixClient.status(client.readResponse()[0]));
            assertEquals(List.of(), recorder.seen, "a refused request goes no further");

            client.send(post("/containers/create", "{\"HostConfig\":{\"Binds\":[\"/home/me:/x\"]}}")
                    + EngineServerTest.get("/_ping"));
            assertEquals("{\"created\":true}", client.readResponse()[1]);
            assertEquals("OK", client.readResponse()[1], "a request sent right behind waits its turn");
            assertEquals(1, recorder.seen.size());
            assertTrue(recorder.seen.getFirst().contains("host.docker.internal:" + CreateComponent.HOST_ADDRESS),
                    "the next interceptor sees the request as the one before it changed it: " + recorder.seen);
        }
    }

    private static String post(String target, String json) {
        return "POST " + target + " HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";
    }
}
