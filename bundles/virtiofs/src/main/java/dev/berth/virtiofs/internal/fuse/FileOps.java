package dev.berth.virtiofs.internal.fuse;

import static dev.berth.nativeio.OpenFlags.AT_FDCWD;
import static dev.berth.nativeio.OpenFlags.O_ACCMODE;
import static dev.berth.nativeio.OpenFlags.O_CLOEXEC;
import static dev.berth.nativeio.OpenFlags.O_CREAT;
import static dev.berth.nativeio.OpenFlags.O_DIRECT;
import static dev.berth.nativeio.OpenFlags.O_DIRECTORY;
import static dev.berth.nativeio.OpenFlags.O_NOFOLLOW;
import static dev.berth.nativeio.OpenFlags.O_RDONLY;
import static dev.berth.nativeio.OpenFlags.O_TRUNC;

import dev.berth.nativeio.ErrnoException;
import dev.berth.nativeio.FdCalls;
import dev.berth.nativeio.FileStats;
import dev.berth.nativeio.PathCalls;
import dev.berth.nativeio.VectorCalls;
import java.nio.ByteBuffer;

/** The operations on open files: open and create, read and write straight in guest memory, sync, and release. */
final class FileOps {
    private static final long REPORT_NANOS = 250_000_000L;
    private final Share share;

    FileOps(Share share) {
        this.share = share;
    }

    /** The guest's open flags as the server opens with them: no following, no direct I/O on guest buffers. */
    private int flags(int guestFlags) {
        boolean writes = (guestFlags & O_ACCMODE) != O_RDONLY || (guestFlags & O_TRUNC) != 0;
        if (writes) share.mutating();
        return (guestFlags & ~(O_NOFOLLOW | O_DIRECT | O_CREAT)) | O_CLOEXEC;
    }

    private static boolean writable(int flags) {
        return (flags & O_ACCMODE) != O_RDONLY;
    }

    int open(Request r) throws ErrnoException {
        int flags = flags(r.u32(0));
        Inodes.Inode inode = share.node(r);
        // a node's descriptor is O_PATH; its /proc link reopens that very file (a symbolic link gives ELOOP)
        int fd = PathCalls.openat(AT_FDCWD, Share.proc(inode.fd), flags, 0);
        if ((flags & O_TRUNC) != 0) share.changes.file(ChangeReports.Kind.WRITTEN, fd);
        return openReply(r, share.handles.add(fd, false));
    }

    int create(Request r) throws ErrnoException {
        share.mutating();
        int flags = flags(r.u32(0));
        int mode = Share.mode(r.u32(4), r.u32(8));
        String name = Share.component(r.string(16));
        Inodes.Inode parent = share.node(r);
        int fd = PathCalls.openat(parent.fd, name, flags | O_CREAT | O_NOFOLLOW, mode);
        share.changes.entry(ChangeReports.Kind.CREATED, parent, name);
        long fh = share.handles.add(fd, false, writable(flags));
        ByteBuffer body = Reply.body(Fuse.ENTRY_OUT + Fuse.OPEN_OUT);
        try {
            share.entry(body, parent, name, r);
        } catch (ErrnoException | RuntimeException e) {
            share.handles.close(fh);
            throw e;
        }
        body.putLong(fh).putInt(0).putInt(0);
        return Reply.ok(r.chain, r.unique, body);
    }

    int opendir(Request r) throws ErrnoException {
        int fd = PathCalls.openat(share.node(r).fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        return openReply(r, share.handles.add(fd, true));
    }

    private static int openReply(Request r, long fh) {
        ByteBuffer body = Reply.body(Fuse.OPEN_OUT);
        body.putLong(fh).putInt(0).putInt(0);
        return Reply.ok(r.chain, r.unique, body);
    }

    /** READ: {@code preadv} straight into the writable buffers after the reply header. */
    int read(Request r) throws ErrnoException {
        Handles.Handle handle = share.handles.get(r.u64(0));
        long offset = r.u64(8);
        long room = Segments.length(r.chain.writable()) - Fuse.OUT_HEADER;
        if (room < 0) return 0;
        long size = Math.min(Integer.toUnsignedLong(r.u32(16)), room);
        long done = VectorCalls.preadv(handle.fd, Segments.slices(r.chain.writable(), Fuse.OUT_HEADER, size), offset);
        return Reply.header(r.chain, r.unique, 0, (int) (Fuse.OUT_HEADER + done));
    }

    /** WRITE: {@code pwritev} straight from the readable buffers that follow the write header. */
    int write(Request r) throws ErrnoException {
        share.mutating();
        long offset = r.u64(8);
        long size = Integer.toUnsignedLong(r.u32(16));
        long start = Fuse.IN_HEADER + Request.WRITE_IN;
        if (start + size > r.length) throw new FuseError(Fuse.EINVAL, "write data beyond the request");
        Handles.Handle handle = share.handles.get(r.u64(0));
        long done = VectorCalls.pwritev(handle.fd, Segments.slices(r.chain.readable(), start, size), offset);
        reportWrite(handle);
        ByteBuffer body = Reply.body(8);
        body.putInt((int) done).putInt(0);
        return Reply.ok(r.chain, r.unique, body);
    }

    /** Reports a write through {@code handle} unless one was reported lately: a large file arrives in thousands. */
    private void reportWrite(Handles.Handle handle) {
        long now = System.nanoTime();
        if (now - handle.reportedAt > REPORT_NANOS || handle.reportedAt == 0) {
            handle.reportedAt = now;
            share.changes.file(ChangeReports.Kind.WRITTEN, handle.fd);
        }
    }

    /**
     * Closes a handle. Closing a file the guest created for writing gives the host's watcher an IN_CLOSE_WRITE even
     * when nothing was written ({@code : > f}), which it takes for a write: reported here, it is known for the guest's
     * own and not replayed back into the guest.
     */
    int release(Request r) {
        long fh = r.u64(0);
        if (r.opcode == Fuse.RELEASE) {
            Handles.Handle handle = share.handles.get(fh);
            if (handle.reportClose) reportWrite(handle);
        }
        share.handles.close(fh);
        return Reply.ok(r.chain, r.unique, Reply.body(0));
    }

    int fsync(Request r) throws ErrnoException {
        FdCalls.fsync(share.handles.get(r.u64(0)).fd, (r.u32(8) & Fuse.FSYNC_FDATASYNC) != 0);
        return Reply.ok(r.chain, r.unique, Reply.body(0));
    }

    int fallocate(Request r) throws ErrnoException {
        share.mutating();
        int fd = share.handles.get(r.u64(0)).fd;
        FdCalls.fallocate(fd, r.u32(24), r.u64(8), r.u64(16));
        share.changes.file(ChangeReports.Kind.WRITTEN, fd);
        return Reply.ok(r.chain, r.unique, Reply.body(0));
    }

    int lseek(Request r) throws ErrnoException {
        long offset = FdCalls.lseek(share.handles.get(r.u64(0)).fd, r.u64(8), r.u32(16));
        ByteBuffer body = Reply.body(8);
        body.putLong(offset);
        return Reply.ok(r.chain, r.unique, body);
    }

    int statfs(Request r) throws ErrnoException {
        FileStats.FsStatus fs = FileStats.fstatvfs(share.node(r).fd);
        ByteBuffer body = Reply.body(80);
        body.putLong(fs.blocks()).putLong(fs.bfree()).putLong(fs.bavail()).putLong(fs.files()).putLong(fs.ffree());
        body.putInt((int) fs.bsize()).putInt((int) fs.namemax()).putInt((int) fs.frsize()).putInt(0);
        body.position(80);
        return Reply.ok(r.chain, r.unique, body);
    }
}
