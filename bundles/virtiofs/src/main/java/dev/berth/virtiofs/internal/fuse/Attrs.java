package dev.berth.virtiofs.internal.fuse;

import dev.berth.nativeio.FileStatus;
import java.nio.ByteBuffer;

/**
 * Encodes {@code fuse_attr}, {@code fuse_attr_out} and {@code fuse_entry_out} with virtual ownership: a file the
 * server's user owns is reported as the requesting process's, any other as nobody's (65534).
 */
final class Attrs {
    static final int NOBODY = 65534;
    /** How long the guest may cache names and attributes, in seconds. */
    static final long TIMEOUT = 1;

    private final int owner;

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
        b.putInt(own ? request.uid : NOBODY).putInt(own ? request.gid : NOBODY);
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

    /** The kernel's {@code new_encode_dev}. */
    static int encodeDevice(int major, int minor) {
        return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
    }
}
