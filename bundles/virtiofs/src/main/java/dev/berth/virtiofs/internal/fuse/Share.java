package dev.berth.virtiofs.internal.fuse;

import static dev.berth.nativeio.OpenFlags.AT_EMPTY_PATH;
import static dev.berth.nativeio.OpenFlags.AT_SYMLINK_NOFOLLOW;
import static dev.berth.nativeio.OpenFlags.O_CLOEXEC;
import static dev.berth.nativeio.OpenFlags.O_NOFOLLOW;
import static dev.berth.nativeio.OpenFlags.O_PATH;

import dev.berth.nativeio.ErrnoException;
import dev.berth.nativeio.FileStats;
import dev.berth.nativeio.FileStatus;
import dev.berth.nativeio.PathCalls;
import java.nio.ByteBuffer;

/**
 * The state the operations share: the node and handle tables, the attribute encoder, and the rules every name
 * and mutation passes (single path components only, nothing followed, read-only mode).
 */
final class Share {
    final Inodes inodes;
    final Handles handles = new Handles();
    final Attrs attrs;
    final boolean readOnly;
    final ChangeReports changes;

    Share(int rootFd, FileStatus root, int owner, boolean readOnly, ChangeReports changes) {
        this.inodes = new Inodes(rootFd, root);
        this.attrs = new Attrs(owner);
        this.readOnly = readOnly;
        this.changes = changes;
    }

    /** Fails with EROFS in read-only mode. */
    void mutating() {
        if (readOnly) throw new FuseError(Fuse.EROFS, "read-only share");
    }

    /** {@code name} where it is one path component that creates or removes something; else EINVAL. */
    static String component(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0)
            throw new FuseError(Fuse.EINVAL, "not a plain name: " + name);
        return name;
    }

    /** The node the request names. */
    Inodes.Inode node(Request request) {
        return inodes.get(request.nodeid);
    }

    /** The file a node stands for, never following a symbolic link. */
    static FileStatus stat(Inodes.Inode inode) throws ErrnoException {
        if (inode.synthetic != null) return inode.synthetic;
        return FileStats.statx(inode.fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
    }

    /** A path that opens the file behind {@code fd} itself, through the process's descriptor table. */
    static String proc(int fd) {
        return "/proc/self/fd/" + fd;
    }

    /**
     * Looks {@code name} up in {@code parent}, counting a lookup, and writes its {@code fuse_entry_out} to
     * {@code body}: "." is the parent, ".." at the root is the root, and the name is opened with {@code O_NOFOLLOW}
     * so that a symbolic link is a node of its own. The status read with the lookup is the one replied.
     */
    void entry(ByteBuffer body, Inodes.Inode parent, String name, Request request) throws ErrnoException {
        if (name.isEmpty() || name.indexOf('/') >= 0) throw new FuseError(Fuse.EINVAL, "not a plain name");
        Inodes.Inode inode;
        FileStatus status;
        if (name.equals(".") || (name.equals("..") && parent == inodes.root())) {
            inode = inodes.again(parent);
            try {
                status = stat(inode);
            } catch (ErrnoException | RuntimeException e) {
                inodes.forget(inode.id, 1);
                throw e;
            }
        } else {
            int fd = PathCalls.openat(parent.fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
            try {
                status = FileStats.statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
                inode = inodes.lookedUp(fd, status);
            } catch (ErrnoException | RuntimeException e) {
                PathCalls.close(fd);
                throw e;
            }
        }
        try {
            attrs.entryOut(body, inode.id, status, request);
        } catch (RuntimeException e) {
            inodes.forget(inode.id, 1);
            throw e;
        }
    }

    /** The reply of a request that looked up or created {@code name}: a {@code fuse_entry_out}. */
    int entryReply(Request request, Inodes.Inode parent, String name) throws ErrnoException {
        ByteBuffer body = Reply.body(Fuse.ENTRY_OUT);
        entry(body, parent, name, request);
        return Reply.ok(request.chain, request.unique, body);
    }

    /** A permission mode as a container may set it: no setuid or setgid bit, the umask applied. */
    static int mode(int mode, int umask) {
        return mode & 07777 & ~umask & ~(FileStatus.S_ISUID | FileStatus.S_ISGID);
    }
}
