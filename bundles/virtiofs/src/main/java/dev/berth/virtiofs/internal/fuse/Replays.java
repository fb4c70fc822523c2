package dev.berth.virtiofs.internal.fuse;

import static dev.berth.nativeio.OpenFlags.AT_EMPTY_PATH;
import static dev.berth.nativeio.OpenFlags.AT_SYMLINK_NOFOLLOW;
import static dev.berth.nativeio.OpenFlags.O_CLOEXEC;
import static dev.berth.nativeio.OpenFlags.O_NOFOLLOW;
import static dev.berth.nativeio.OpenFlags.O_PATH;
import static dev.berth.nativeio.OpenFlags.O_RDONLY;

import dev.berth.nativeio.ErrnoException;
import dev.berth.nativeio.FileStats;
import dev.berth.nativeio.FileStatus;
import dev.berth.nativeio.PathCalls;
import dev.berth.virtiofs.internal.fuse.Announcements.Op;
import dev.berth.virtiofs.internal.fuse.Announcements.Pending;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * Answers the requests of an announced replay (see {@link Announcements}) so that the guest's VFS raises the
 * inotify event of a change the host already made, while the host is left as it is. Each method returns
 * {@link #NOT_ANNOUNCED} for a request that no announcement covers, which is then served as usual.
 */
final class Replays {
    static final int NOT_ANNOUNCED = -1;
    private static final System.Logger LOG = System.getLogger(Replays.class.getName());
    private static final int EEXIST = 17, EBUSY = 16, ENOENT = 2;
    private final Share share;
    private final Announcements announced;

    Replays(Share share, Announcements announced) {
        this.share = share;
        this.announced = announced;
    }

    /** LOOKUP: records an announcement (ENOENT), or answers the lookup an announced operation starts with. */
    int lookup(Request r) throws ErrnoException {
        String name = r.string(0);
        Inodes.Inode parent = share.node(r);
        if (Announcements.magic(name)) {
            Announcements.Magic m = Announcements.parse(name);
            // A truncate is replayed only when the announcement was taken (a positive answer): QEMU's C virtiofsd,
            // which knows none, answers ENOENT, and a truncate there could cut what the host appended meanwhile.
            if (m != null && announce(r, parent, m) && m.op() == Op.TRUNCATE) {
                return entry(r, share.inodes.synthetic(ghost(true)));
            }
            return Reply.error(r.chain, r.unique, Fuse.ENOENT);
        }
        if (announced.find(Op.CREATE, r.pid, parent.id, name) != null
                || announced.find(Op.MKDIR, r.pid, parent.id, name) != null
                || announced.find(Op.TO, r.pid, parent.id, name) != null) {
            return Reply.error(r.chain, r.unique, Fuse.ENOENT);
        }
        boolean file = announced.find(Op.UNLINK, r.pid, parent.id, name) != null;
        if (file || announced.find(Op.RMDIR, r.pid, parent.id, name) != null) {
            if (exists(parent, name)) return NOT_ANNOUNCED;   // the removal will be refused
            return entry(r, share.inodes.synthetic(ghost(file)));
        }
        if (announced.find(Op.FROM, r.pid, parent.id, name) != null) {
            Pending to = announced.find(Op.TO, r.pid);
            if (to == null) return NOT_ANNOUNCED;
            // the entry's new place on the host, so that the guest's node is the one the host's file has
            return share.entryReply(r, share.inodes.get(to.parent()), to.name());
        }
        return NOT_ANNOUNCED;
    }

    /** Records an announcement; false when there is nothing to announce (a truncate of a missing file). */
    private boolean announce(Request r, Inodes.Inode parent, Announcements.Magic m) {
        Inodes.Key key = null;
        if (m.op() == Op.TRUNCATE) {
            try {
                FileStatus st = FileStats.statx(parent.fd, m.name(), AT_SYMLINK_NOFOLLOW);
                key = new Inodes.Key(st.dev(), st.ino());
            } catch (ErrnoException e) {
                return false;
            }
        }
        announced.add(m.op(), r.pid, parent.id, m.name(), key);
        return true;
    }

    /** CREATE of an announced name: the existing file, opened read-only without truncation. */
    int create(Request r) throws ErrnoException {
        String name = r.string(16);
        Inodes.Inode parent = share.node(r);
        Pending p = announced.find(Op.CREATE, r.pid, parent.id, name);
        if (p == null) return NOT_ANNOUNCED;
        announced.consume(p);
        FileStatus st = status(parent, name);
        if (st == null || st.type() != FileStatus.S_IFREG) return refuse(r, EEXIST, "create of a non-file", name);
        int fd;
        try {
            // read-only, so that the host sees no write from the replay; the agent never writes through it
            fd = PathCalls.openat(parent.fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
        } catch (ErrnoException e) {
            fd = PathCalls.openat(parent.fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
        }
        long fh = share.handles.add(fd, false);
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

    /** MKDIR of an announced name: the existing folder. */
    int mkdir(Request r) throws ErrnoException {
        String name = r.string(8);
        Inodes.Inode parent = share.node(r);
        Pending p = announced.find(Op.MKDIR, r.pid, parent.id, name);
        if (p == null) return NOT_ANNOUNCED;
        announced.consume(p);
        FileStatus st = status(parent, name);
        if (st == null || !st.isDirectory()) return refuse(r, EEXIST, "mkdir of a non-folder", name);
        return share.entryReply(r, parent, name);
    }

    /** UNLINK and RMDIR of an announced name: success, where the host no longer has it. */
    int unlink(Request r, boolean directory) throws ErrnoException {
        String name = r.string(0);
        Inodes.Inode parent = share.node(r);
        Pending p = announced.find(directory ? Op.RMDIR : Op.UNLINK, r.pid, parent.id, name);
        if (p == null) return NOT_ANNOUNCED;
        announced.consume(p);
        if (exists(parent, name)) return refuse(r, EBUSY, "removal of a name the host still has", name);
        return Reply.ok(r.chain, r.unique, Reply.body(0));
    }

    /** RENAME of an announced pair: success, where the host has the new name and not the old one. */
    int rename(Request r, boolean withFlags) throws ErrnoException {
        int at = withFlags ? 16 : 8;
        int flags = withFlags ? r.u32(8) : 0;
        String oldname = r.string(at);
        String newname = r.string(r.after(at));
        Inodes.Inode olddir = share.node(r);
        Inodes.Inode newdir = share.inodes.get(r.u64(0));
        Pending from = announced.find(Op.FROM, r.pid, olddir.id, oldname);
        Pending to = announced.find(Op.TO, r.pid, newdir.id, newname);
        if (from == null || to == null) return NOT_ANNOUNCED;
        announced.consume(from);
        announced.consume(to);
        if (flags > 1) return refuse(r, Fuse.EINVAL, "rename with flags " + flags, oldname);
        if (exists(olddir, oldname) || !exists(newdir, newname))
            return refuse(r, EBUSY, "rename the host did not make", oldname + " -> " + newname);
        return Reply.ok(r.chain, r.unique, Reply.body(0));
    }

    /** Whether a SETATTR's size change is an announced replay, to be left out. */
    boolean truncation(Request r, Inodes.Inode inode) {
        Pending p = announced.find(Op.TRUNCATE, r.pid, inode.key);
        if (p == null) return false;
        announced.consume(p);
        return true;
    }

    private int entry(Request r, Inodes.Inode inode) {
        ByteBuffer body = Reply.body(Fuse.ENTRY_OUT);
        // a zero timeout: the guest asks again rather than keep a node of a file that is not there
        body.putLong(inode.id).putLong(0).putLong(0).putLong(0).putInt(0).putInt(0);
        share.attrs.attr(body, inode.synthetic, r);
        return Reply.ok(r.chain, r.unique, body);
    }

    /** The status a removed file or folder is given until the guest has removed it too. */
    private FileStatus ghost(boolean file) {
        long now = System.currentTimeMillis() / 1000;
        int mode = file ? FileStatus.S_IFREG | 0644 : FileStatus.S_IFDIR | 0755;
        FileStatus root;
        try {
            root = FileStats.statx(share.inodes.root().fd, "", AT_EMPTY_PATH);
        } catch (ErrnoException e) {
            root = null;
        }
        int uid = root == null ? 0 : root.uid();
        int gid = root == null ? 0 : root.gid();
        long dev = root == null ? 0 : root.dev();
        return new FileStatus(dev, 0, mode, file ? 1 : 2, uid, gid, 0, 0, 0, 0, 4096, now, 0, now, 0, now, 0);
    }

    private static FileStatus status(Inodes.Inode parent, String name) throws ErrnoException {
        try {
            return FileStats.statx(parent.fd, name, AT_SYMLINK_NOFOLLOW);
        } catch (ErrnoException e) {
            if (e.errno() == ENOENT) return null;
            throw e;
        }
    }

    private static boolean exists(Inodes.Inode parent, String name) throws ErrnoException {
        return status(parent, name) != null;
    }

    private static int refuse(Request r, int errno, String what, String name) {
        LOG.log(Level.WARNING, "announced {0} of {1} refused: the host does not match", what, name);
        return Reply.error(r.chain, r.unique, errno);
    }
}
