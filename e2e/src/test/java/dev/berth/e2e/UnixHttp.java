package dev.berth.e2e;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A minimal HTTP/1.1 client on a Unix socket that sends raw bytes, so tests can also send what no client would. */
final class UnixHttp {
    /**
     * One answer.
     *
     * @param status  the status code
     * @param headers the header fields, names in lower case
     * @param body    the body (chunked bodies decoded)
     */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private UnixHttp() {
    }

    /** A well-formed GET of {@code path} on a new connection, closed after the answer. */
    static Answer get(Path socket, String path) throws IOException {
        return exchange(socket, ("GET " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: berth-e2e\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends {@code request} as is on a new connection and reads one answer. */
    static Answer exchange(Path socket, byte[] request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) ch.write(out);
            return read(Channels.newInputStream(ch));
        }
    }

    /** Reads one HTTP answer: status line, header fields, and a body framed by length, chunks or the end of the stream. */
    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP answer: " + statusLine);
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked")) {
            for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers are not used by dockerd
            }
        } else if (headers.containsKey("content-length")) {
            long length = Long.parseLong(headers.get("content-length"));
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length != length) throw new EOFException("body ended after " + bytes.length + " of " + length + " bytes");
            body.write(bytes);
        } else if (status != 204 && status != 304 && status / 100 != 1) {
            body.write(in.readAllBytes());
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new EOFException("the connection ended after '" + b.toString(StandardCharsets.ISO_8859_1) + "'");
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
