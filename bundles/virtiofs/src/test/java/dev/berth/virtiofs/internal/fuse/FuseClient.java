package dev.berth.virtiofs.internal.fuse;

import dev.berth.virtiofs.internal.vhost.Chain;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Plays the guest kernel in tests: builds FUSE requests in native memory, serves them, and parses the replies. */
final class FuseClient {
    /** A reply: the header's error (negative errno or 0) and the body after the header. */
    record Answer(int error, ByteBuffer body, int written) {
    }

    final FuseServer server;
    final Arena arena = Arena.ofAuto();
    int uid = 1000;
    int gid = 1000;
    int pid = 4242;
    private long unique = 1;

    FuseClient(FuseServer server) {
        this.server = server;
    }

    static ByteBuffer args(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] name(String... names) {
        ByteBuffer b = args(4096);
        for (String n : names) b.put(n.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
        byte[] out = new byte[b.position()];
        b.get(0, out);
        return out;
    }

    static byte[] concat(ByteBuffer head, byte[] tail) {
        byte[] out = new byte[head.position() + tail.length];
        head.get(0, out, 0, head.position());
        System.arraycopy(tail, 0, out, head.position(), tail.length);
        return out;
    }

    /** Sends {@code opcode} with {@code args}, the request split into buffers at {@code splits}. */
    Answer call(int opcode, long nodeid, byte[] args, int outSize, long... splits) {
        return call(1, opcode, nodeid, args, new int[] {outSize}, splits);
    }

    Answer call(int queue, int opcode, long nodeid, byte[] args, int[] outSizes, long... splits) {
        ByteBuffer req = args(Fuse.IN_HEADER + args.length);
        long id = unique++;
        req.putInt(Fuse.IN_HEADER + args.length).putInt(opcode).putLong(id).putLong(nodeid)
                .putInt(uid).putInt(gid).putInt(pid).putInt(0).put(args);
        Chain chain = new Chain(split(req.array(), splits), writable(outSizes));
        int written = server.serve(queue, chain);
        return parse(chain, written, id);
    }

    /** Serves a request given as raw bytes (for malformed ones). */
    Answer raw(byte[] request, int outSize) {
        Chain chain = new Chain(split(request), writable(new int[] {outSize}));
        int written = server.serve(1, chain);
        return parse(chain, written, -1);
    }

    private Answer parse(Chain chain, int written, long id) {
        if (written == 0) return new Answer(0, null, 0);
        byte[] out = new byte[written];
        int at = 0;
        for (MemorySegment s : chain.writable()) {
            int n = (int) Math.min(s.byteSize(), written - at);
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, out, at, n);
            at += n;
            if (at == written) break;
        }
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != written) throw new AssertionError("header length " + b.getInt(0) + " != " + written);
        if (id >= 0 && b.getLong(8) != id) throw new AssertionError("reply to the wrong request");
        return new Answer(b.getInt(4), b.slice(16, written - 16).order(ByteOrder.LITTLE_ENDIAN), written);
    }

    private List<MemorySegment> split(byte[] bytes, long... splits) {
        List<MemorySegment> out = new ArrayList<>();
        long from = 0;
        for (long at : splits) {
            out.add(copy(bytes, from, at));
            from = at;
        }
        out.add(copy(bytes, from, bytes.length));
        return out;
    }

    private MemorySegment copy(byte[] bytes, long from, long to) {
        MemorySegment s = arena.allocate(Math.max(1, to - from));
        MemorySegment.copy(bytes, (int) from, s, ValueLayout.JAVA_BYTE, 0, (int) (to - from));
        return s.asSlice(0, to - from);
    }

    private List<MemorySegment> writable(int[] sizes) {
        List<MemorySegment> out = new ArrayList<>();
        for (int size : sizes) out.add(arena.allocate(Math.max(1, size)).asSlice(0, size));
        return out;
    }

    // The requests tests use most, failing the test on an error reply where a result is expected.

    Answer init() {
        ByteBuffer in = args(64);
        in.putInt(7).putInt(45).putInt(131072).putInt(-1);
        return call(Fuse.INIT, 0, in.array(), 16 + 64);
    }

    Answer lookup(long parent, String name) {
        return call(Fuse.LOOKUP, parent, name(name), 16 + Fuse.ENTRY_OUT);
    }

    Answer getattr(long node) {
        return call(Fuse.GETATTR, node, new byte[16], 16 + Fuse.ATTR_OUT);
    }

    Answer mkdir(long parent, String name, int mode, int umask) {
        ByteBuffer in = args(8);
        in.putInt(mode).putInt(umask);
        return call(Fuse.MKDIR, parent, concat(in, name(name)), 16 + Fuse.ENTRY_OUT);
    }

    Answer mknod(long parent, String name, int mode, int rdev) {
        ByteBuffer in = args(16);
        in.putInt(mode).putInt(rdev).putInt(0).putInt(0);
        return call(Fuse.MKNOD, parent, concat(in, name(name)), 16 + Fuse.ENTRY_OUT);
    }

    Answer create(long parent, String name, int flags, int mode, int umask) {
        ByteBuffer in = args(16);
        in.putInt(flags).putInt(mode).putInt(umask).putInt(0);
        return call(Fuse.CREATE, parent, concat(in, name(name)), 16 + Fuse.ENTRY_OUT + Fuse.OPEN_OUT);
    }

    Answer open(long node, int flags) {
        ByteBuffer in = args(8);
        in.putInt(flags).putInt(0);
        return call(Fuse.OPEN, node, in.array(), 16 + Fuse.OPEN_OUT);
    }

    Answer write(long node, long fh, long offset, byte[] data, long... splits) {
        ByteBuffer in = args(40);
        in.putLong(fh).putLong(offset).putInt(data.length).putInt(0).putLong(0).putInt(0).putInt(0);
        return call(Fuse.WRITE, node, concat(in, data), 16 + 8, splits);
    }

    Answer read(long node, long fh, long offset, int size, int... outSizes) {
        ByteBuffer in = args(40);
        in.putLong(fh).putLong(offset).putInt(size).putInt(0).putLong(0).putInt(0).putInt(0);
        return call(1, Fuse.READ, node, in.array(), outSizes);
    }

    Answer release(int opcode, long node, long fh) {
        ByteBuffer in = args(24);
        in.putLong(fh);
        return call(opcode, node, in.array(), 16);
    }

    Answer unlink(int opcode, long parent, String name) {
        return call(opcode, parent, name(name), 16);
    }

    Answer rename2(long olddir, String oldname, long newdir, String newname, int flags) {
        ByteBuffer in = args(16);
        in.putLong(newdir).putInt(flags).putInt(0);
        return call(Fuse.RENAME2, olddir, concat(in, name(oldname, newname)), 16);
    }

    Answer setattrMode(long node, int mode) {
        ByteBuffer in = args(88);
        in.putInt(Fuse.FATTR_MODE);
        in.putInt(68, mode);
        in.position(88);
        return call(Fuse.SETATTR, node, in.array(), 16 + Fuse.ATTR_OUT);
    }

    /** The entry's node id from a LOOKUP-like answer. */
    static long nodeid(Answer a) {
        if (a.error() != 0) throw new AssertionError("error " + a.error());
        return a.body().getLong(0);
    }

    /** The attribute's field at {@code offset} within {@code fuse_attr}, from an entry answer. */
    static int entryAttrInt(Answer a, int offset) {
        return a.body().getInt(40 + offset);
    }
}
