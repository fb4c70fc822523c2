package dev.berth.ui.internal.docker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the head of the answer to a hijacking request ({@code Upgrade: tcp}); the bytes after it belong to the
 * raw stream.
 *
 * @param status the HTTP status, 101 or 200 when the stream is hijacked
 * @param rest   bytes that arrived after the head
 */
public record HijackHead(int status, byte[] rest) {
    /** Finds a complete head in {@code received}, or returns null when more bytes are needed. */
    public static HijackHead parse(byte[] received) {
        for (int i = 3; i < received.length; i++) {
            if (received[i - 3] == '\r' && received[i - 2] == '\n' && received[i - 1] == '\r' && received[i] == '\n') {
                String head = new String(received, 0, i, StandardCharsets.ISO_8859_1);
                String[] statusLine = head.split("\r\n", 2)[0].split(" ");
                int status = statusLine.length > 1 && statusLine[1].matches("\\d{3}") ? Integer.parseInt(statusLine[1]) : 0;
                return new HijackHead(status, Arrays.copyOfRange(received, i + 1, received.length));
            }
        }
        return null;
    }

    /** Whether the engine handed the connection over to the raw stream. */
    public boolean hijacked() {
        return status == 101 || status == 200;
    }
}
