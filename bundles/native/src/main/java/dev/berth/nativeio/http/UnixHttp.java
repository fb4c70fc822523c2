package dev.berth.nativeio.http;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * HTTP/1.0 requests through a Unix socket: one connection per request, and the server ends each answer by closing
 * it, so no chunked or kept-alive answers need reading.
 */
public final class UnixHttp {
    /**
     * An answer.
     *
     * @param status HTTP status
     * @param body   the body as text
     */
    public record Answer(int status, String body) {
    }

    private UnixHttp() {
    }

    /** Sends a request with an optional JSON body; fails when no answer is complete within {@code timeout}. */
    public static Answer call(Path socket, String method, String path, String body, Duration timeout)
            throws IOException {
        SocketChannel ch = open(socket, method, path, body);
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!done.isDone() && timedOut.compareAndSet(false, true)) quietClose(ch);
        });
        try (ch) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
            int status = status(in);
            return new Answer(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            // only a close by the timer is a timeout: the channel is always closed here (try-with-resources)
            if (!timedOut.get()) throw e;
            String after = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
            throw new IOException(method + " " + path + " timed out after " + after, e);
        } finally {
            done.complete(null);
        }
    }

    /** The lines of a streaming answer, such as {@code /events}; closing the stream closes the connection. */
    public static Stream<String> lines(Path socket, String path) throws IOException {
        SocketChannel ch = open(socket, "GET", path, null);
        try {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
            int status = status(in);
            if (status != 200) throw new IOException("GET " + path + " answered " + status);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines().onClose(() -> quietClose(ch));
        } catch (IOException | UncheckedIOException e) {
            quietClose(ch);
            throw e;
        }
    }

    private static SocketChannel open(Path socket, String method, String path, String body) throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.0\r\nHost: docker\r\n");
        if (body != null) head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        head.append("\r\n");
        try {
            ch.write(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer rest = ByteBuffer.wrap(content);
            while (rest.hasRemaining()) ch.write(rest);
            return ch;
        } catch (IOException e) {
            quietClose(ch);
            throw e;
        }
    }

    /** Reads the status line and headers, and returns the status. */
    static int status(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("the server closed the connection before answering");
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        if (!text.startsWith("HTTP/1.") || text.length() < 12) throw new IOException("not an HTTP answer: " + text.strip());
        try {
            return Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP answer: " + text.strip(), e);
        }
    }

    private static void quietClose(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
