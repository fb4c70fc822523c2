package dev.berth.virtiofs.internal.fuse;

import dev.berth.nativeio.FdCalls;
import dev.berth.virtiofs.internal.vhost.Chain;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Serves the requests a guest sends most (lookups, creates, writes and reads over many buffers, listings, removals)
 * a few hundred times in a private folder while the server waits for QEMU, so that the JIT has compiled them before
 * the guest's first requests: a server that starts cold answers its first few hundred requests several times slower
 * (measured on a host FUSE mount: a first 64 MiB write took 3 to 5 times the CPU of a second).
 */
public final class Warmup {
    private static final int ROUNDS = 300;
    /** A write's or read's data comes in as many buffers as a guest sends pages. */
    private static final int PIECES = 64;
    private static final int PIECE = 64;
    private static final int O_RDWR = 2;
    private final FuseServer server;
    private final MemorySegment in;
    private final MemorySegment out;
    private final int uid = FdCalls.geteuid();
    private long unique = 1;
    private int failures;

    private Warmup(FuseServer server, Arena arena) {
        this.server = server;
        this.in = arena.allocate(1 << 16, 4096);
        this.out = arena.allocate(1 << 16, 4096);
    }

    /**
     * Warms up in a new folder inside {@code parent} (a private one: the changes made there must reach no share
     * watcher), removed again afterwards.
     *
     * @return how many requests failed that should have succeeded (0 unless the folder is unusable)
     */
    public static int run(Path parent) throws IOException {
        Path folder = Files.createTempDirectory(parent, ".vfs-warmup-");
        FuseServer server = new FuseServer(folder, false);
        try (Arena arena = Arena.ofConfined()) {
            Warmup w = new Warmup(server, arena);
            for (int i = 0; i < ROUNDS; i++) w.round(i);
            return w.failures;
        } finally {
            server.close();
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private void round(int i) {
        String file = "w" + i;
        call(Fuse.LOOKUP, Fuse.ROOT_ID, name(file), Fuse.ENTRY_OUT, false);
        ByteBuffer created = call(Fuse.CREATE, Fuse.ROOT_ID, concat(args(16).putInt(O_RDWR | 0100).putInt(0644)
                .putInt(022).putInt(0), name(file)), Fuse.ENTRY_OUT + Fuse.OPEN_OUT, true);
        if (created == null) return;
        long node = created.getLong(0);
        long fh = created.getLong(Fuse.ENTRY_OUT);
        ByteBuffer io = args(40).putLong(fh).putLong(0).putInt(PIECES * PIECE).putInt(0).putLong(0).putInt(0).putInt(0);
        byte[] data = new byte[PIECES * PIECE];
        call(Fuse.WRITE, node, concat(io, data), 8, true);
        call(Fuse.READ, node, io.array(), PIECES * PIECE, true);
        call(Fuse.GETATTR, node, new byte[16], Fuse.ATTR_OUT, true);
        ByteBuffer mode = args(88).putInt(Fuse.FATTR_MODE);
        mode.putInt(68, 0644).position(88);
        call(Fuse.SETATTR, node, mode.array(), Fuse.ATTR_OUT, true);
        call(Fuse.RELEASE, node, args(24).putLong(fh).array(), 0, true);
        call(Fuse.LOOKUP, Fuse.ROOT_ID, name(file), Fuse.ENTRY_OUT, true);
        ByteBuffer dir = call(Fuse.OPENDIR, Fuse.ROOT_ID, new byte[8], Fuse.OPEN_OUT, true);
        if (dir != null) {
            ByteBuffer list = args(40).putLong(dir.getLong(0)).putLong(0).putInt(4096).putInt(0);
            call(Fuse.READDIRPLUS, Fuse.ROOT_ID, list.array(), 4096, true);
            call(Fuse.READDIR, Fuse.ROOT_ID, list.array(), 4096, true);
            call(Fuse.RELEASEDIR, Fuse.ROOT_ID, args(24).putLong(dir.getLong(0)).array(), 0, true);
        }
        call(Fuse.UNLINK, Fuse.ROOT_ID, name(file), 0, true);
        call(Fuse.FORGET, node, args(8).putLong(1 << 20).array(), -1, false);
        ByteBuffer made = call(Fuse.MKDIR, Fuse.ROOT_ID, concat(args(8).putInt(0755).putInt(022), name("d" + i)),
                Fuse.ENTRY_OUT, true);
        call(Fuse.RMDIR, Fuse.ROOT_ID, name("d" + i), 0, true);
        if (made != null) call(Fuse.FORGET, made.getLong(0), args(8).putLong(1).array(), -1, false);
    }

    /**
     * Serves one request whose data follows its arguments in {@link #PIECES} buffers (a WRITE's) and whose reply
     * body of {@code body} bytes (-1: none expected) lands in as many; the reply body, or null after an error (a
     * failure when {@code mustSucceed}).
     */
    private ByteBuffer call(int opcode, long node, byte[] args, int body, boolean mustSucceed) {
        int length = Fuse.IN_HEADER + args.length;
        ByteBuffer header = args(Fuse.IN_HEADER).putInt(length).putInt(opcode).putLong(unique++).putLong(node)
                .putInt(uid).putInt(uid).putInt(1).putInt(0);
        MemorySegment.copy(header.array(), 0, in, ValueLayout.JAVA_BYTE, 0, Fuse.IN_HEADER);
        MemorySegment.copy(args, 0, in, ValueLayout.JAVA_BYTE, Fuse.IN_HEADER, args.length);
        List<MemorySegment> readable = new ArrayList<>();
        int head = opcode == Fuse.WRITE ? Fuse.IN_HEADER + 40 : length;
        readable.add(in.asSlice(0, head));
        for (int at = head; at < length; at += PIECE) readable.add(in.asSlice(at, Math.min(PIECE, length - at)));
        List<MemorySegment> writable = new ArrayList<>();
        writable.add(out.asSlice(0, Fuse.OUT_HEADER));
        for (int at = 0; at < body; at += PIECE) {
            writable.add(out.asSlice(Fuse.OUT_HEADER + at, Math.min(PIECE, body - at)));
        }
        int written = server.serve(1, new Chain(readable, writable));
        if (body < 0) return null;
        int error = written >= Fuse.OUT_HEADER ? out.get(ValueLayout.JAVA_INT_UNALIGNED, 4) : Fuse.EIO;
        if (error != 0) {
            if (mustSucceed) failures++;
            return null;
        }
        ByteBuffer reply = ByteBuffer.allocate(written - Fuse.OUT_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        MemorySegment.copy(out, ValueLayout.JAVA_BYTE, Fuse.OUT_HEADER, reply.array(), 0, reply.capacity());
        return reply;
    }

    private static ByteBuffer args(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] name(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }

    private static byte[] concat(ByteBuffer head, byte[] tail) {
        byte[] all = new byte[head.position() + tail.length];
        head.get(0, all, 0, head.position());
        System.arraycopy(tail, 0, all, head.position(), tail.length);
        return all;
    }
}
