package dev.berth.virtiofs.internal.fuse;

import dev.berth.virtiofs.internal.vhost.Chain;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One FUSE request: its {@code fuse_in_header} and a copy of its arguments, read at offsets relative to the
 * arguments' start; write data stays in the guest's buffers. Reading past the request fails with EINVAL.
 */
final class Request {
    /** The write header that precedes a WRITE's data ({@code fuse_write_in}). */
    static final int WRITE_IN = 40;

    final int opcode;
    final long unique;
    final long nodeid;
    final int uid;
    final int gid;
    /** The calling guest process (0 for requests no process makes, such as FORGET). */
    final int pid;
    final Chain chain;
    /** The request's length in bytes, header included, checked against the buffers. */
    final long length;
    private final ByteBuffer args;

    private Request(ByteBuffer bytes, long length, Chain chain) {
        this.opcode = bytes.getInt(4);
        this.unique = bytes.getLong(8);
        this.nodeid = bytes.getLong(16);
        this.uid = bytes.getInt(24);
        this.gid = bytes.getInt(28);
        this.pid = bytes.getInt(32);
        this.length = length;
        this.chain = chain;
        this.args = bytes.slice(Fuse.IN_HEADER, bytes.limit() - Fuse.IN_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Parses the chain's request, or fails with EINVAL carrying the unique id where one could be read. */
    static Request parse(Chain chain) {
        long available = Segments.length(chain.readable());
        if (available < Fuse.IN_HEADER) throw new Malformed(0, "request shorter than its header");
        ByteBuffer head = ByteBuffer.wrap(Segments.read(chain.readable(), Fuse.IN_HEADER)).order(ByteOrder.LITTLE_ENDIAN);
        long unique = head.getLong(8);
        long length = Integer.toUnsignedLong(head.getInt(0));
        if (length < Fuse.IN_HEADER || length > available) throw new Malformed(unique, "bad request length " + length);
        // a WRITE's data stays in guest memory; of other requests the arguments are small
        long copy = head.getInt(4) == Fuse.WRITE ? Math.min(length, Fuse.IN_HEADER + WRITE_IN) : length;
        if (copy > (1 << 20)) throw new Malformed(unique, "request too long: " + length);
        byte[] bytes = Segments.read(chain.readable(), copy);
        return new Request(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), length, chain);
    }

    /** The arguments' bytes that were copied. */
    int argsLength() {
        return args.limit();
    }

    int u32(int offset) {
        check(offset, 4);
        return args.getInt(offset);
    }

    long u64(int offset) {
        check(offset, 8);
        return args.getLong(offset);
    }

    /** The NUL-terminated name at {@code offset}, bytes carried one char each (ISO-8859-1). */
    String string(int offset) {
        int end = nul(offset);
        byte[] b = new byte[end - offset];
        args.get(offset, b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The offset just after the NUL-terminated string at {@code offset}. */
    int after(int offset) {
        return nul(offset) + 1;
    }

    /** The raw bytes from {@code offset} to {@code offset + count}. */
    byte[] bytes(int offset, int count) {
        check(offset, count);
        byte[] b = new byte[count];
        args.get(offset, b);
        return b;
    }

    private int nul(int offset) {
        check(offset, 1);
        for (int i = offset; i < args.limit(); i++) if (args.get(i) == 0) return i;
        throw new FuseError(Fuse.EINVAL, "name without its NUL");
    }

    private void check(int offset, int size) {
        if (offset < 0 || size < 0 || offset + size > args.limit())
            throw new FuseError(Fuse.EINVAL, "request arguments too short");
    }

    /** A request so broken that only an error reply can be made, to {@code unique} where it was read. */
    static final class Malformed extends RuntimeException {
        final long unique;

        Malformed(long unique, String message) {
            super(message, null, false, false);
            this.unique = unique;
        }
    }
}
