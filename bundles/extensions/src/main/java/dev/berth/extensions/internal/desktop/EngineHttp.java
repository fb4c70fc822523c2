package dev.berth.extensions.internal.desktop;

import java.io.ByteArrayOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/** Plain HTTP/1.1 over a Unix socket, one connection per request: enough for the few engine calls an install makes. */
final class EngineHttp {
    /** An answer: its status and its whole body, chunked transfer already undone. */
    record Response(int status, byte[] body) {
        boolean ok() {
            return status / 100 == 2 || status == 304;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Path socket;

    EngineHttp(Path socket) {
        this.socket = socket;
    }

    /**
     * Sends one request, the body as JSON unless null, and reads exactly one answer: by its length, its chunks, or
     * until the engine closes when it gives neither (a proxy may keep the connection open after the answer).
     */
    Response call(String method, String path, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
                + (json == null ? "" : "Content-Type: application/json\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new IOException("the Docker Engine does not answer on " + socket + " (" + e.getMessage()
                        + "); berth start starts it", e);
            }
            ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
            out.put(head.getBytes(StandardCharsets.ISO_8859_1)).put(body).flip();
            while (out.hasRemaining()) ch.write(out);
            return read(new BufferedInputStream(Channels.newInputStream(ch)), method);
        }
    }

    /** Reads one HTTP answer from a stream. */
    static Response read(InputStream in, String method) throws IOException {
        String statusLine = line(in);
        String[] status = statusLine.split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) throw new IOException("not an HTTP answer: " + statusLine);
        int code = Integer.parseInt(status[1]);
        boolean chunked = false;
        long length = -1;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            String l = h.toLowerCase(Locale.ROOT);
            if (l.startsWith("transfer-encoding:") && l.contains("chunked")) chunked = true;
            if (l.startsWith("content-length:")) length = Long.parseLong(l.substring(15).strip());
        }
        if (code / 100 == 1 || code == 204 || code == 304 || method.equals("HEAD")) return new Response(code, new byte[0]);
        if (chunked) return new Response(code, chunks(in));
        if (length >= 0) {
            byte[] b = in.readNBytes((int) length);
            if (b.length < length) throw new IOException("the engine's answer ended early");
            return new Response(code, b);
        }
        return new Response(code, in.readAllBytes());
    }

    /** The body of a chunked answer, its trailers read and dropped. */
    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            if (n == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return out.toByteArray();
            }
            byte[] b = in.readNBytes(n);
            if (b.length < n) throw new IOException("a chunked answer ended inside a chunk");
            out.write(b);
            line(in);
        }
    }

    /** One line without its CRLF; the end of the stream inside a line is an error. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); ; c = in.read()) {
            if (c < 0) throw new IOException("the engine closed the connection inside an answer");
            if (c == '\n') break;
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

}
