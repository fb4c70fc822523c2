package dev.berth.ui.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortRetryTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<WebServer> server = new AtomicReference<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
        if (server.get() != null) server.get().close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void theDashboardBindsOnceAnotherProgramLetsItsPortGo() throws Exception {
        AccessToken token = AccessToken.load(dir.resolve("dashboard.token"));
        ServerSocket holder = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        int port = holder.getLocalPort();
        AtomicInteger attempts = new AtomicInteger();
        PortRetry retry = new PortRetry(timer, Duration.ofMillis(20), Duration.ofMillis(100));
        retry.run(() -> {
            attempts.incrementAndGet();
            try {
                server.set(new WebServer(port, new RequestGuard(token, new LoginCodes(java.time.InstantSource.system()), port),
                        new Router(), new StaticFiles(getClass().getClassLoader()), p -> null, Runnable::run));
            } catch (PortTakenException e) {
                throw e;
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(retry.nextTry().isPresent(), "a retry waits while the port is taken");
        await("a second attempt", () -> attempts.get() >= 2);
        assertEquals(null, server.get());
        holder.close();
        await("the server to bind", () -> server.get() != null);
        assertTrue(retry.nextTry().isEmpty());
        assertEquals(port, server.get().port());
    }

    @Test
    void itWaitsTwiceAsLongEachTimeUpToTheLongest() {
        PortRetry retry = new PortRetry(timer, Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(5), retry.delay(0));
        assertEquals(Duration.ofSeconds(10), retry.delay(1));
        assertEquals(Duration.ofSeconds(20), retry.delay(2));
        assertEquals(Duration.ofSeconds(30), retry.delay(3));
        assertEquals(Duration.ofSeconds(30), retry.delay(40));
    }

    @Test
    void cancellingStopsTheRetries() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        PortRetry retry = new PortRetry(timer, Duration.ofHours(1), Duration.ofHours(1));
        retry.run(() -> {
            attempts.incrementAndGet();
            throw new PortTakenException("taken", null);
        });
        assertTrue(retry.nextTry().isPresent());
        retry.cancel();
        assertTrue(retry.nextTry().isEmpty());
        assertEquals(1, attempts.get());
    }
}
