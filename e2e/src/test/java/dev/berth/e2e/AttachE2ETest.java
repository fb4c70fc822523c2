package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.e2e.BerthCli.Result;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Hijacked connections that a client closes while the engine still streams leave the next calls unhindered. */
@Order(4)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttachE2ETest {
    private static final Duration T = Duration.ofMinutes(2);
    private static String image;

    @BeforeAll
    static void berth() throws Exception {
        SharedBerth.ensureRunning();
        image = TestImages.busybox();
    }

    /**
     * A third-party client's own sequence (docker-py's integration test): attach to a TTY container with logs and
     * stream, close the connection after 3 s while output still flows, then force-remove the container.
     */
    @Test
    void aClosedAttachStreamDoesNotHoldUpTheForcedRemovalThatFollows() throws Exception {
        Result run = SharedBerth.docker(T, "run", "-d", "-t", image, "sh", "-c", "while true; do echo tick; sleep 0.2; done");
        assertEquals(0, run.code(), run.all());
        String id = run.out().strip();
        Path socket = BerthCli.HOME.resolve("run/docker.sock");
        try (SocketChannel attach = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            attach.connect(UnixDomainSocketAddress.of(socket));
            write(attach, "POST /v1.44/containers/" + id + "/attach?logs=1&stream=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                    + "Host: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n");
            InputStream in = Channels.newInputStream(attach);
            String answer = new String(in.readNBytes(64), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 101"), answer);
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                try {
                    byte[] buffer = new byte[4096];
                    while (System.nanoTime() < until && in.read(buffer) > 0) {
                        // the container's ticks, as a client that shows them
                    }
                } catch (java.io.IOException e) {
                    // closed below
                }
            });
            reading.get(10, TimeUnit.SECONDS);
        }
        // The client waited 10 s for this answer and got none; a remove under TCG takes some seconds.
        UnixHttp.Answer removed = CompletableFuture.supplyAsync(() -> {
            try {
                return UnixHttp.exchange(socket, ("DELETE /v1.44/containers/" + id + "?force=1&v=1 HTTP/1.1\r\n"
                        + "Host: docker\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        assertEquals(204, removed.status(), removed.body());
        Result gone = SharedBerth.docker(T, "inspect", id);
        assertTrue(gone.code() != 0 && gone.all().contains("No such"), gone.all());
    }

    private static void write(SocketChannel ch, String text) throws java.io.IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) ch.write(out);
    }
}
