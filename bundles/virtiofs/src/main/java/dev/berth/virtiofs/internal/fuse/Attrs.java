package dev.berth.virtiofs.internal.fuse;

import dev.berth.nativeio.FileStatus;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes {@code fuse_attr}, {@code fuse_attr_out} and {@code fuse_entry_out} with virtual ownership: a file the
 * server's user owns is reported as the requesting process's, any other as nobody's (65534).
 *
 * <p>The guest caches one set of attributes per file, whoever asked. Root passes every permission check anyway, so
 * a file answered to root keeps the owner a non-root process last saw: otherwise root's look at a file (Berth's own
 * agent replays every host change as root) would make it root's for a second, and a container running as uid 1000
 * could not write its own files meanwhile.
 */
final class Attrs {
    static final int NOBODY = 65534;
    /** How long the guest may cache names and attributes, in seconds. */
    static final long TIMEOUT = 1;

    private static final int REMEMBERED = 65_536;
    private final int owner;
    /** Per host inode, the ids of the last non-root process it was reported to. */
    private final Map<Long, Long> lastUser = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param owner the host user the server runs as */
    Attrs(int owner) {
        this.owner = owner;
    }

    /** Whether the guest sees {@code status} as its caller's own file. */
    boolean owned(FileStatus status) {
        return status.uid() == owner;
    }

    void attr(ByteBuffer b, FileStatus st, Request request) {
        boolean own = owned(st);
        b.putLong(st.ino()).putLong(st.size()).putLong(st.blocks());
        b.putLong(st.atime()).putLong(st.mtime()).putLong(st.ctime());
        b.putInt(st.atimeNsec()).putInt(st.mtimeNsec()).putInt(st.ctimeNsec());
        b.putInt(st.mode()).putInt(st.nlink());
        long ids = own ? ownerIds(st.ino(), request) : ids(NOBODY, NOBODY);
        b.putInt((int) (ids >>> 32)).putInt((int) ids);
        b.putInt(encodeDevice(st.rdevMajor(), st.rdevMinor())).putInt(st.blksize()).putInt(0);
    }

    void attrOut(ByteBuffer b, FileStatus st, Request request) {
        b.putLong(TIMEOUT).putInt(0).putInt(0);
        attr(b, st, request);
    }

    void entryOut(ByteBuffer b, long nodeid, FileStatus st, Request request) {
        b.putLong(nodeid).putLong(0).putLong(TIMEOUT).putLong(TIMEOUT).putInt(0).putInt(0);
        attr(b, st, request);
    }

    /** The uid (high half) and gid the guest sees the server user's file {@code ino} owned by, for this caller. */
    long ownerIds(long ino, Request request) {
        synchronized (lastUser) {
            if (request.uid != 0) {
                long ids = ids(request.uid, request.gid);
                lastUser.put(ino, ids);
                return ids;
            }
            Long seen = lastUser.get(ino);
            return seen != null ? seen : ids(0, 0);
        }
    }

    private static long ids(int uid, int gid) {
        return ((long) uid << 32) | (gid & 0xffffffffL);
    }

    /** The kernel's {@code new_encode_dev}. */
    static int encodeDevice(int major, int minor) {
        return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
    }
}
