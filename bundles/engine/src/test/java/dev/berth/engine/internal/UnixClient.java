package dev.berth.engine.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/** A bare HTTP/1.1 client on a Unix socket that reads exactly what arrives, the way the docker CLI's hijack does. */
final class UnixClient implements AutoCloseable {
    private final SocketChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();

    UnixClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) channel.write(out);
    }

    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Status line and headers, lower-cased names, up to the empty line. */
    String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) readByte());
        }
        return head.toString();
    }

    static int status(String head) {
        return Integer.parseInt(head.substring(9, 12));
    }

    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** A whole response: head and body, the body read by content length or chunks. */
    String[] readResponse() throws IOException {
        String head = readHead();
        String length = header(head, "content-length");
        String body;
        if (length != null) {
            body = new String(readExactly(Integer.parseInt(length)), StandardCharsets.UTF_8);
        } else {
            StringBuilder chunks = new StringBuilder();
            for (String chunk = readChunk(); chunk != null; chunk = readChunk()) chunks.append(chunk);
            body = chunks.toString();
        }
        return new String[] {head, body};
    }

    /** One chunk of a chunked body, or null for the last one. */
    String readChunk() throws IOException {
        int size = Integer.parseInt(readLine().trim(), 16);
        if (size == 0) {
            readLine();
            return null;
        }
        String chunk = new String(readExactly(size), StandardCharsets.UTF_8);
        readLine();
        return chunk;
    }

    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.isEmpty() || line.charAt(line.length() - 1) != '\n') line.append((char) readByte());
        return line.toString();
    }

    byte[] readExactly(int n) throws IOException {
        byte[] out = new byte[n];
        for (int i = 0; i < n; ) {
            fill();
            int take = Math.min(n - i, buffer.remaining());
            buffer.get(out, i, take);
            i += take;
        }
        return out;
    }

    /** Everything until the other side closes. */
    byte[] readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            try {
                fill();
            } catch (EOFException e) {
                return all.toByteArray();
            }
            all.write(buffer.array(), buffer.position(), buffer.remaining());
            buffer.position(buffer.limit());
        }
    }

    private int readByte() throws IOException {
        fill();
        return buffer.get() & 0xff;
    }

    private void fill() throws IOException {
        if (buffer.hasRemaining()) return;
        buffer.clear();
        int n = channel.read(buffer);
        buffer.flip();
        if (n < 0) throw new EOFException("connection closed");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
