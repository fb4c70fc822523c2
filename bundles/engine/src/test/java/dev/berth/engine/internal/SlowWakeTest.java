package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.vm.GuestEndpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A client whose request wakes a paused VM does not hold up the other clients of its event loop. */
class SlowWakeTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void aSecondClientIsServedWhileTheFirstOneWaitsForTheWake() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Path socket = dir.resolve("docker.sock");
        CountDownLatch waking = new CountDownLatch(1);
        CountDownLatch resumed = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        try (FakeEngine engine = new FakeEngine(certs)) {
            Supplier<Optional<GuestEndpoint>> wakingGuest = () -> {
                if (first.getAndSet(false)) {
                    waking.countDown();
                    try {
                        resumed.await(30, TimeUnit.SECONDS);   // bounded, so a broken proxy still shuts down
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Optional.of(certs.endpoint(engine.port()));
            };
            try (EngineServer server = new EngineServer(socket, wakingGuest, List::of, EngineServerTest.LOG, 1);
                 UnixClient sleeper = new UnixClient(socket);
                 UnixClient other = new UnixClient(socket)) {
                try {
                    sleeper.send(EngineServerTest.get("/_ping"));
                    assertTrue(waking.await(10, TimeUnit.SECONDS), "the first request wakes the VM");
                    CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                        try {
                            other.send(EngineServerTest.get("/_ping"));
                            return other.readResponse()[1];
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    assertEquals("OK", answer.get(20, TimeUnit.SECONDS),
                            "the other client on the same event loop is answered during the wake");
                } finally {
                    resumed.countDown();
                }
                assertEquals("OK", sleeper.readResponse()[1], "the waiting client is served once the VM is awake");
            }
        }
    }
}
