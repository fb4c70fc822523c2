package dev.berth.extensions.internal.desktop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
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

    /** Sends one request, the body as JSON unless null, and reads the answer until the engine closes. */
    Response call(String method, String path, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
                + (json == null ? "" : "Content-Type: application/json\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
            out.put(head.getBytes(StandardCharsets.ISO_8859_1)).put(body).flip();
            while (out.hasRemaining()) ch.write(out);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (ch.read(in) >= 0) {
                in.flip();
                all.write(in.array(), 0, in.limit());
                in.clear();
            }
            return parse(all.toByteArray());
        }
    }

    /** Splits a whole HTTP answer into status and body. */
    static Response parse(byte[] raw) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) throw new IOException("the engine's answer ended inside its headers");
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) throw new IOException("not an HTTP answer: " + lines[0]);
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i].toLowerCase(Locale.ROOT);
            if (l.startsWith("transfer-encoding:") && l.contains("chunked")) chunked = true;
        }
        int start = end + 4;
        byte[] body = java.util.Arrays.copyOfRange(raw, start, raw.length);
        return new Response(Integer.parseInt(status[1]), chunked ? dechunk(body) : body);
    }

    /** Undoes chunked transfer encoding. */
    static byte[] dechunk(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int at = 0;
        while (true) {
            int eol = indexOf(in, new byte[] {'\r', '\n'}, at);
            if (eol < 0) throw new IOException("a chunked answer ended early");
            String size = new String(in, at, eol - at, StandardCharsets.ISO_8859_1);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            if (n == 0) return out.toByteArray();
            if (eol + 2 + n > in.length) throw new IOException("a chunked answer ended inside a chunk");
            out.write(in, eol + 2, n);
            at = eol + 2 + n + 2;
        }
    }

    private static int indexOf(byte[] data, byte[] what, int from) {
        outer:
        for (int i = from; i <= data.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
