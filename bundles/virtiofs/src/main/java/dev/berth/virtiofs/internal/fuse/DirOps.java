package dev.berth.virtiofs.internal.fuse;

import dev.berth.nativeio.ErrnoException;
import dev.berth.nativeio.FdCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * READDIR and READDIRPLUS: the host's {@code getdents64} records turned into {@code fuse_dirent}s (with PLUS, each
 * after the {@code fuse_entry_out} of its lookup, which saves the guest a LOOKUP per entry of an {@code ls -l} or a
 * {@code find}), with the host's {@code d_off} cookies as the offsets the guest continues from.
 */
final class DirOps {
    private static final int SEEK_SET = 0;
    private static final int DIRENT = 24;
    private final Share share;

    DirOps(Share share) {
        this.share = share;
    }

    int readdir(Request r, boolean plus) throws ErrnoException {
        Handles.Handle handle = share.handles.get(r.u64(0));
        if (!handle.directory) throw new FuseError(Fuse.EBADF, "not a directory handle");
        long offset = r.u64(8);
        long room = Segments.length(r.chain.writable()) - Fuse.OUT_HEADER;
        int size = (int) Math.max(0, Math.min(Math.min(Integer.toUnsignedLong(r.u32(16)), room), 1 << 20));
        ByteBuffer body = Reply.body(size);
        synchronized (handle) {
            if (offset != handle.position) {
                FdCalls.lseek(handle.fd, offset, SEEK_SET);
                handle.position = offset;
            }
            fill(handle, body, plus ? r : null);
        }
        return Reply.ok(r.chain, r.unique, body);
    }

    /**
     * Adds entries while they fit; the directory is left positioned after the last one sent. With {@code plus} (the
     * READDIRPLUS request) each entry is looked up and counted, as a LOOKUP would be.
     */
    private void fill(Handles.Handle handle, ByteBuffer body, Request plus) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(4096, Math.min(body.capacity(), 32768)), 8);
            while (true) {
                long n = FdCalls.getdents64(handle.fd, buf);
                if (n == 0) return;
                long at = 0;
                while (at < n) {
                    long ino = buf.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
                    long off = buf.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 8);
                    int reclen = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT_UNALIGNED, at + 16));
                    int type = Byte.toUnsignedInt(buf.get(ValueLayout.JAVA_BYTE, at + 18));
                    int nameLength = 0;
                    while (buf.get(ValueLayout.JAVA_BYTE, at + 19 + nameLength) != 0) nameLength++;
                    int record = (DIRENT + nameLength + 7) & ~7;
                    if (record + (plus == null ? 0 : Fuse.ENTRY_OUT) > body.remaining()) {
                        // the rest is read again from here by the next READDIR
                        FdCalls.lseek(handle.fd, handle.position, SEEK_SET);
                        return;
                    }
                    if (plus != null) {
                        entry(plus, new String(buf.asSlice(at + 19, nameLength).toArray(ValueLayout.JAVA_BYTE),
                                StandardCharsets.UTF_8), body);
                    }
                    int start = body.position();
                    body.putLong(ino).putLong(off).putInt(nameLength).putInt(type);
                    body.put(buf.asSlice(at + 19, nameLength).toArray(ValueLayout.JAVA_BYTE));
                    body.position(start + record);
                    handle.position = off;
                    at += reclen;
                }
            }
        }
    }

    /**
     * The entry's {@code fuse_entry_out}: node id 0 (attributes not given, the guest looks the name up itself when
     * it needs it) for "." and "..", for a name that is not valid UTF-8, and for an entry gone since it was read.
     */
    private void entry(Request r, String name, ByteBuffer body) {
        int start = body.position();
        if (!name.equals(".") && !name.equals("..") && name.indexOf('\uFFFD') < 0) {
            Inodes.Inode parent = share.node(r);
            try {
                share.entry(body, parent, name, r);
                return;
            } catch (ErrnoException | RuntimeException e) {
                body.position(start);
            }
        }
        body.put(new byte[Fuse.ENTRY_OUT]);
    }
}
