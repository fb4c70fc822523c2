package dev.berth.network.internal.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest's relay, portd (built from the guest image's source for this host), with this test as the host's end
 * of its port and a Unix socket in place of the engine's.
 */
@Timeout(60)
class PortdTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final Path SOURCE = Path.of("src", "main", "c", "portd.c");
    private static final int ID = 1;
    @TempDir
    Path dir;
    private Process portd;
    private FrameWire host;
    private ServerSocketChannel engine;

    @BeforeEach
    void start() throws Exception {
        Path binary = dir.resolve("portd");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Werror", "-o", binary.toString(), SOURCE.toString())
                .inheritIO().start();
        assertEquals(0, gcc.waitFor(), "portd compiles");
        Path port = dir.resolve("port.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(port));
            portd = new ProcessBuilder(binary.toString(), port.toString()).inheritIO().start();
            host = new FrameWire(server.accept());
        }
        host.next(Frames.HELLO);
        host.write(Frames.hello(ALLOC));
        host.next(Frames.HELLO);
        engine = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Path engineSocket = dir.resolve("engine.sock");
        engine.bind(UnixDomainSocketAddress.of(engineSocket));
        host.write(Frames.open(ALLOC, ID, GuestTarget.unix(engineSocket.toString())));
        assertEquals(ID, host.next(Frames.OPENED).id());
    }

    @AfterEach
    void stop() throws IOException {
        if (portd != null) portd.destroyForcibly();
        if (host != null) host.close();
        if (engine != null) engine.close();
    }

    @Test
    void anEarlyReplyOfTheEngineReachesTheHostAlthoughItsRequestCannotBeWritten() throws Exception {
        try (SocketChannel request = engine.accept()) {
            sendWindowOfData();
            // the engine answers and closes before portd runs again, so that portd finds the reply, the hang-up
            // and the request it cannot write all at once
            signal("STOP");
            byte[] reply = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            request.write(ByteBuffer.wrap(reply));
            request.close();
            signal("CONT");
            assertArrayEquals(reply, receiveUntilShut(0), "the reply, then the end of the stream");
        }
    }

    @Test
    void aFullWindowIsNotMistakenForTheEndOfTheEnginesAnswer() throws Exception {
        // what portd cannot read while the window is full must fit the engine's socket buffer (about 200 KiB,
        // counted per write with overhead): small writes, and a small remainder
        byte[] answer = new byte[Frames.WINDOW + 32 * 1024];
        new Random(3).nextBytes(answer);
        CountDownLatch hostHasWindow = new CountDownLatch(1);
        CompletableFuture<Void> engineDone = new CompletableFuture<>();
        try (SocketChannel conn = engine.accept()) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int at = 0; at < answer.length; at += 16 * 1024) {
                        ByteBuffer b = ByteBuffer.wrap(answer, at, Math.min(16 * 1024, answer.length - at));
                        while (b.hasRemaining()) conn.write(b);
                    }
                    hostHasWindow.await();
                    conn.close();
                    engineDone.complete(null);
                } catch (Exception e) {
                    engineDone.completeExceptionally(e);
                }
            });
            sendWindowOfData();   // which the engine never reads, so portd still has some to write
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (got.size() < Frames.WINDOW) {
                FrameWire.Frame f = host.next();
                if (f.type() == Frames.DATA) got.write(f.payload());
                assertEquals(true, f.type() == Frames.DATA || f.type() == Frames.CREDIT, "frame type " + f.type());
            }
            assertEquals(Frames.WINDOW, got.size(), "portd stops at the window");
            hostHasWindow.countDown();
            engineDone.get();
            got.write(receiveUntilShut(Frames.WINDOW));
            assertArrayEquals(answer, got.toByteArray(), "every byte of the answer, then the end of the stream");
        }
    }

    /** Sends a window's worth of DATA, as much as the host may have outstanding. */
    private void sendWindowOfData() throws IOException {
        byte[] chunk = new byte[Frames.MAX_DATA];
        for (int sent = 0; sent < Frames.WINDOW; sent += chunk.length) host.send(ID, Frames.DATA, chunk);
    }

    /** The stream's bytes up to its SHUT, after granting {@code credit} first; fails on a CLOSE before the SHUT. */
    private byte[] receiveUntilShut(int credit) throws IOException {
        if (credit > 0) host.write(Frames.credit(ALLOC, ID, credit));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (FrameWire.Frame f = host.next(); f.type() != Frames.SHUT; f = host.next()) {
            if (f.type() == Frames.DATA) got.write(f.payload());
            if (f.type() == Frames.CLOSE) {
                throw new AssertionError("closed (" + f.text() + ") after " + got.size() + " bytes, without SHUT");
            }
        }
        return got.toByteArray();
    }

    /** Sends portd a signal and, for STOP, waits until it has stopped. */
    private void signal(String name) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(portd.pid())).start().waitFor());
        Path stat = Path.of("/proc", Long.toString(portd.pid()), "stat");
        while (name.equals("STOP") && !Files.readString(stat).replaceFirst(".*\\) ", "").startsWith("T")) {
            Thread.onSpinWait();
        }
    }
}
