package dev.berth.vm.internal;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A one-shot HTTP/1.0 GET over a Unix socket, where the server ends the answer by closing the connection. */
final class PlainHttp {
    /** The largest answer read; the engine's ping and container list are far smaller. */
    private static final int LIMIT = 4 * 1024 * 1024;

    /**
     * An answer.
     *
     * @param status HTTP status
     * @param body   the body as text
     */
    record Answer(int status, String body) {
    }

    private PlainHttp() {
    }

    /** {@code GET path} on {@code socket}; empty when it cannot connect, fails, or takes longer than {@code timeout}. */
    static Optional<Answer> get(Path socket, String path, Duration timeout) {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (!done.isDone()) close(ch);
            });
            try {
                ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                return parse(Channels.newInputStream(ch).readNBytes(LIMIT));
            } finally {
                done.complete(null);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The status and body of a whole HTTP answer; empty when it is not one. */
    static Optional<Answer> parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0 || text.length() < 12) return Optional.empty();
        try {
            return Optional.of(new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(end + 4)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
