package dev.berth.ui.internal.docker;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpacks Docker's multiplexed stream of a container without a TTY: frames of an 8-byte header (stream number,
 * three zero bytes, big-endian length) and a payload, split anywhere across reads.
 */
public final class StreamDemuxer {
    /**
     * One payload.
     *
     * @param stream 1 for stdout, 2 for stderr
     * @param bytes  what the container wrote
     */
    public record Chunk(int stream, byte[] bytes) {
    }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Feeds bytes and returns every frame they complete. */
    public List<Chunk> feed(byte[] bytes) {
        pending.writeBytes(bytes);
        byte[] all = pending.toByteArray();
        List<Chunk> chunks = new ArrayList<>();
        int at = 0;
        while (all.length - at >= 8) {
            int length = ((all[at + 4] & 0xff) << 24) | ((all[at + 5] & 0xff) << 16) | ((all[at + 6] & 0xff) << 8)
                    | (all[at + 7] & 0xff);
            if (all.length - at - 8 < length) break;
            byte[] payload = new byte[length];
            System.arraycopy(all, at + 8, payload, 0, length);
            chunks.add(new Chunk(all[at], payload));
            at += 8 + length;
        }
        pending.reset();
        pending.write(all, at, all.length - at);
        return chunks;
    }
}
