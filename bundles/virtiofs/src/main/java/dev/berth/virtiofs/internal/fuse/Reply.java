package dev.berth.virtiofs.internal.fuse;

import dev.berth.virtiofs.internal.vhost.Chain;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes {@code fuse_out_header} and a reply body into a chain's writable buffers. */
final class Reply {
    private Reply() {
    }

    /** A little-endian buffer for a reply body of {@code size} bytes. */
    static ByteBuffer body(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A success reply with the body's bytes up to its position; EIO where the buffers are too small for it. */
    static int ok(Chain chain, long unique, ByteBuffer body) {
        int size = body.position();
        if (Fuse.OUT_HEADER + size > Segments.length(chain.writable())) return error(chain, unique, Fuse.EIO);
        Segments.write(chain.writable(), Fuse.OUT_HEADER, body.array(), size);
        return header(chain, unique, 0, Fuse.OUT_HEADER + size);
    }

    /** An error reply: {@code -errno} in the header and no body. */
    static int error(Chain chain, long unique, int errno) {
        return header(chain, unique, -errno, Fuse.OUT_HEADER);
    }

    /** Writes the header of a reply of {@code length} bytes whose body is in place; 0 where there is no room. */
    static int header(Chain chain, long unique, int error, int length) {
        if (Segments.length(chain.writable()) < Fuse.OUT_HEADER) return 0;
        ByteBuffer h = body(Fuse.OUT_HEADER);
        h.putInt(length).putInt(error).putLong(unique);
        Segments.write(chain.writable(), 0, h.array(), Fuse.OUT_HEADER);
        return length;
    }
}
