package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void twoHundredClientsAreAllAnsweredWhileTwentyMalformedOnesAreTurnedAway() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Path socket = dir.resolve("docker.sock");
        try (FakeEngine engine = new FakeEngine(certs);
             EngineServer server = new EngineServer(socket, () -> Optional.of(certs.endpoint(engine.port())), List::of,
                     EngineServerTest.LOG);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 220; i++) {
                boolean malformed = i % 11 == 5;
                answers.add(clients.submit(() -> {
                    try (UnixClient client = new UnixClient(socket)) {
                        client.send(malformed ? "GET /_ping HTTP/1.1\r\nHost docker\r\n\r\n" : EngineServerTest.get("/_ping"));
                        String[] response = client.readResponse();
                        if (malformed) client.readToEnd();
                        return UnixClient.status(response[0]);
                    }
                }));
            }
            int ok = 0;
            int bad = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                if (status == 200) ok++;
                if (status == 400) bad++;
            }
            assertEquals(200, ok);
            assertEquals(20, bad);
        }
    }
}
