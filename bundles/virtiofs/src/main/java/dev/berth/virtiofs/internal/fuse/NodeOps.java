package dev.berth.virtiofs.internal.fuse;

import static dev.berth.nativeio.OpenFlags.AT_EMPTY_PATH;
import static dev.berth.nativeio.OpenFlags.AT_FDCWD;
import static dev.berth.nativeio.OpenFlags.AT_REMOVEDIR;
import static dev.berth.nativeio.OpenFlags.AT_SYMLINK_FOLLOW;
import static dev.berth.nativeio.OpenFlags.AT_SYMLINK_NOFOLLOW;

import dev.berth.nativeio.ErrnoException;
import dev.berth.nativeio.FdCalls;
import dev.berth.nativeio.FileStatus;
import dev.berth.nativeio.PathCalls;
import java.nio.ByteBuffer;

/** The operations on names and attributes: lookup, attributes, creating, linking, renaming and removing. */
final class NodeOps {
    private final Share share;
    private final Replays replays;

    NodeOps(Share share, Replays replays) {
        this.share = share;
        this.replays = replays;
    }

    int lookup(Request r) throws ErrnoException {
        return share.entryReply(r, share.node(r), r.string(0));
    }

    int getattr(Request r) throws ErrnoException {
        ByteBuffer body = Reply.body(Fuse.ATTR_OUT);
        share.attrs.attrOut(body, Share.stat(share.node(r)), r);
        return Reply.ok(r.chain, r.unique, body);
    }

    int setattr(Request r) throws ErrnoException {
        Inodes.Inode inode = share.node(r);
        int valid = r.u32(0);
        // the size an announced replay sets is the host's own: leaving it out never cuts a racing host write
        boolean replay = (valid & Fuse.FATTR_SIZE) != 0 && replays.truncation(r, inode);
        if (replay) valid &= ~Fuse.FATTR_SIZE;
        if (!replay || (valid & (Fuse.FATTR_MODE | Fuse.FATTR_ATIME | Fuse.FATTR_MTIME)) != 0) share.mutating();
        long fh = r.u64(8);
        if ((valid & Fuse.FATTR_MODE) != 0 && !inode.symlink) {
            PathCalls.fchmodat(AT_FDCWD, Share.proc(inode.fd), Share.mode(r.u32(68), 0), 0);
        }
        if ((valid & Fuse.FATTR_SIZE) != 0) {
            long size = r.u64(16);
            if ((valid & Fuse.FATTR_FH) != 0) FdCalls.ftruncate(share.handles.get(fh).fd, size);
            else if (inode.symlink) throw new FuseError(Fuse.EINVAL, "truncating a symbolic link");
            else PathCalls.truncate(Share.proc(inode.fd), size);
        }
        if ((valid & (Fuse.FATTR_ATIME | Fuse.FATTR_MTIME)) != 0) {
            long aNsec = (valid & Fuse.FATTR_ATIME_NOW) != 0 ? PathCalls.UTIME_NOW
                    : (valid & Fuse.FATTR_ATIME) != 0 ? Integer.toUnsignedLong(r.u32(56)) : PathCalls.UTIME_OMIT;
            long mNsec = (valid & Fuse.FATTR_MTIME_NOW) != 0 ? PathCalls.UTIME_NOW
                    : (valid & Fuse.FATTR_MTIME) != 0 ? Integer.toUnsignedLong(r.u32(60)) : PathCalls.UTIME_OMIT;
            if (inode.symlink) {
                PathCalls.utimensat(inode.fd, "", r.u64(32), aNsec, r.u64(40), mNsec,
                        AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
            } else {
                PathCalls.utimensat(AT_FDCWD, Share.proc(inode.fd), r.u64(32), aNsec, r.u64(40), mNsec, 0);
            }
        }
        // FATTR_UID and FATTR_GID: ownership is virtual, so a chown succeeds and changes nothing on the host
        // a replay changes nothing the host did not change itself: reporting it would hide the host's next change
        if (!replay && (valid & Fuse.FATTR_SIZE) != 0) share.changes.file(ChangeReports.Kind.WRITTEN, inode.fd);
        if (!replay && (valid & (Fuse.FATTR_MODE | Fuse.FATTR_ATIME | Fuse.FATTR_MTIME)) != 0) {
            share.changes.file(ChangeReports.Kind.ATTRIBUTES, inode.fd);
        }
        return getattr(r);
    }

    int readlink(Request r) throws ErrnoException {
        byte[] target = PathCalls.readlinkat(share.node(r).fd, "");
        ByteBuffer body = Reply.body(target.length);
        body.put(target);
        return Reply.ok(r.chain, r.unique, body);
    }

    int symlink(Request r) throws ErrnoException {
        share.mutating();
        String name = Share.component(r.string(0));
        String target = r.string(r.after(0));
        Inodes.Inode parent = share.node(r);
        PathCalls.symlinkat(target, parent.fd, name);
        share.changes.entry(ChangeReports.Kind.CREATED, parent, name);
        return share.entryReply(r, parent, name);
    }

    int mknod(Request r) throws ErrnoException {
        share.mutating();
        int mode = r.u32(0);
        int umask = r.u32(8);
        String name = Share.component(r.string(16));
        int type = mode & FileStatus.S_IFMT;
        if (type != FileStatus.S_IFREG && type != FileStatus.S_IFIFO && type != FileStatus.S_IFSOCK)
            throw new FuseError(Fuse.EPERM, "no device nodes");
        Inodes.Inode parent = share.node(r);
        PathCalls.mknodat(parent.fd, name, type | Share.mode(mode, umask), 0);
        share.changes.entry(ChangeReports.Kind.CREATED, parent, name);
        return share.entryReply(r, parent, name);
    }

    int mkdir(Request r) throws ErrnoException {
        share.mutating();
        int mode = r.u32(0);
        int umask = r.u32(4);
        String name = Share.component(r.string(8));
        Inodes.Inode parent = share.node(r);
        PathCalls.mkdirat(parent.fd, name, Share.mode(mode, umask));
        share.changes.entry(ChangeReports.Kind.CREATED, parent, name);
        return share.entryReply(r, parent, name);
    }

    int unlink(Request r, boolean directory) throws ErrnoException {
        share.mutating();
        Inodes.Inode parent = share.node(r);
        String name = Share.component(r.string(0));
        PathCalls.unlinkat(parent.fd, name, directory ? AT_REMOVEDIR : 0);
        share.changes.entry(ChangeReports.Kind.DELETED, parent, name);
        return Reply.ok(r.chain, r.unique, Reply.body(0));
    }

    /** RENAME ({@code fuse_rename_in}, 8 bytes) and RENAME2 ({@code fuse_rename2_in}, 16 bytes, with flags). */
    int rename(Request r, boolean withFlags) throws ErrnoException {
        share.mutating();
        int at = withFlags ? 16 : 8;
        long newdir = r.u64(0);
        int flags = withFlags ? r.u32(8) : 0;
        String oldname = Share.component(r.string(at));
        String newname = Share.component(r.string(r.after(at)));
        Inodes.Inode from = share.node(r);
        Inodes.Inode to = share.inodes.get(newdir);
        PathCalls.renameat2(from.fd, oldname, to.fd, newname, flags);
        share.changes.entry(ChangeReports.Kind.MOVED, from, oldname);
        share.changes.entry(ChangeReports.Kind.MOVED, to, newname);
        return Reply.ok(r.chain, r.unique, Reply.body(0));
    }

    int link(Request r) throws ErrnoException {
        share.mutating();
        Inodes.Inode old = share.inodes.get(r.u64(0));
        String name = Share.component(r.string(8));
        Inodes.Inode parent = share.node(r);
        // linkat(fd, "", AT_EMPTY_PATH) needs CAP_DAC_READ_SEARCH; the descriptor's /proc link does not
        PathCalls.linkat(AT_FDCWD, Share.proc(old.fd), parent.fd, name, AT_SYMLINK_FOLLOW);
        share.changes.entry(ChangeReports.Kind.CREATED, parent, name);
        return share.entryReply(r, parent, name);
    }

    /** ACCESS judged by the mode bits as the guest sees them (the caller owns the server user's files). */
    int access(Request r) throws ErrnoException {
        int mask = r.u32(0) & 7;
        FileStatus st = Share.stat(share.node(r));
        if ((mask & 2) != 0 && share.readOnly) throw new FuseError(Fuse.EROFS, "read-only share");
        int allowed;
        if (r.uid == 0) {
            boolean anyExec = (st.mode() & 0111) != 0 || st.isDirectory();
            allowed = 6 | (anyExec ? 1 : 0);
        } else {
            allowed = share.attrs.owned(st) ? (st.mode() >> 6) & 7 : st.mode() & 7;
        }
        if ((mask & ~allowed) != 0) throw new FuseError(Fuse.EACCES, "access denied");
        return Reply.ok(r.chain, r.unique, Reply.body(0));
    }
}
