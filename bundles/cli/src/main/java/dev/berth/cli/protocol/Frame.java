package dev.berth.cli.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One message of the control protocol: a type byte and a payload.
 *
 * <p>On the wire a frame is the type byte, the payload length as a 4-byte big-endian integer, then the payload.
 *
 * @param type    one of the type constants
 * @param payload the bytes carried
 */
public record Frame(byte type, byte[] payload) {
    /** Client to daemon, first frame: {@code exec}, {@code shell} or {@code ping}, then NUL-separated arguments. */
    public static final byte REQUEST = 'C';
    /** Client to daemon: bytes typed on standard input. */
    public static final byte STDIN = 'I';
    /** Client to daemon: standard input is closed. */
    public static final byte STDIN_EOF = 'E';
    /** Daemon to client: bytes for standard output. */
    public static final byte STDOUT = 'O';
    /** Daemon to client: bytes for standard error. */
    public static final byte STDERR = 'R';
    /** Daemon to client, last frame: the exit code as 4-byte big-endian integer. */
    public static final byte EXIT = 'Q';
    /** Largest payload accepted, so a broken peer cannot make the other side allocate without bound. */
    public static final int MAX_PAYLOAD = 1 << 20;

    /** A frame carrying UTF-8 text. */
    public static Frame text(byte type, String text) {
        return new Frame(type, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A request frame: a verb and its arguments, separated by NUL characters. */
    public static Frame request(String verb, java.util.List<String> args) {
        StringBuilder b = new StringBuilder(verb);
        for (String a : args) b.append('\0').append(a);
        return text(REQUEST, b.toString());
    }

    /** An exit frame. */
    public static Frame exit(int code) {
        return new Frame(EXIT, new byte[] {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code});
    }

    /** The payload as UTF-8 text. */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** A request frame's verb followed by its arguments. */
    public java.util.List<String> words() {
        return java.util.List.of(text().split("\0", -1));
    }

    /** The payload as a 4-byte integer, for exit frames. */
    public int code() {
        return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
    }
}
