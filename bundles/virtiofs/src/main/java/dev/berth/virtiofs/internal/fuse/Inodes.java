package dev.berth.virtiofs.internal.fuse;

import dev.berth.nativeio.FileStatus;
import dev.berth.nativeio.PathCalls;
import java.util.HashMap;
import java.util.Map;

/**
 * The nodes the guest knows: node id to an {@code O_PATH} descriptor and a lookup count, one node per host file
 * ({@code st_dev}, {@code st_ino}). Node 1 is the shared folder and is never forgotten.
 */
final class Inodes {
    /** One host file the guest has looked up; {@code fd} is an {@code O_PATH} descriptor of it. */
    static final class Inode {
        final long id;
        final int fd;
        final Key key;
        final boolean symlink;
        /** The made-up status of a node that stands for a file the host no longer has (fd is -1); else null. */
        final FileStatus synthetic;
        long lookups;

        Inode(long id, int fd, Key key, boolean symlink) {
            this(id, fd, key, symlink, null);
        }

        Inode(long id, int fd, Key key, boolean symlink, FileStatus synthetic) {
            this.id = id;
            this.fd = fd;
            this.key = key;
            this.symlink = symlink;
            this.synthetic = synthetic;
        }
    }

    record Key(long dev, long ino) {
    }

    private final Map<Long, Inode> byId = new HashMap<>();
    private final Map<Key, Inode> byKey = new HashMap<>();
    private final Inode root;
    private long next = Fuse.ROOT_ID + 1;

    Inodes(int rootFd, FileStatus rootStatus) {
        root = new Inode(Fuse.ROOT_ID, rootFd, new Key(rootStatus.dev(), rootStatus.ino()), false);
        root.lookups = 1;
        byId.put(root.id, root);
        byKey.put(root.key, root);
    }

    Inode root() {
        return root;
    }

    /** The node {@code id}, or ENOENT. */
    synchronized Inode get(long id) {
        Inode inode = byId.get(id);
        if (inode == null) throw new FuseError(Fuse.ENOENT, "unknown node " + id);
        return inode;
    }

    /**
     * Counts one more lookup of the file {@code fd} describes: its existing node (closing {@code fd}), or a new one
     * that takes {@code fd} over.
     */
    synchronized Inode lookedUp(int fd, FileStatus status) {
        Key key = new Key(status.dev(), status.ino());
        Inode inode = byKey.get(key);
        if (inode != null) {
            PathCalls.close(fd);
        } else {
            inode = new Inode(next++, fd, key, status.isSymlink());
            byId.put(inode.id, inode);
            byKey.put(key, inode);
        }
        inode.lookups++;
        return inode;
    }

    /**
     * A new node without a host file, whose status is {@code status} with its inode number made unique: what an
     * announced removal looks up (see {@link Announcements}).
     */
    synchronized Inode synthetic(FileStatus status) {
        long id = next++;
        FileStatus st = new FileStatus(status.dev(), (1L << 62) | id, status.mode(), status.nlink(), status.uid(),
                status.gid(), 0, 0, status.size(), status.blocks(), status.blksize(), status.atime(),
                status.atimeNsec(), status.mtime(), status.mtimeNsec(), status.ctime(), status.ctimeNsec());
        Inode inode = new Inode(id, -1, new Key(-1, id), false, st);
        inode.lookups = 1;
        byId.put(id, inode);
        byKey.put(inode.key, inode);
        return inode;
    }

    /** Counts one more lookup of a node already known (LOOKUP of "." or of ".." at the root). */
    synchronized Inode again(Inode inode) {
        inode.lookups++;
        return inode;
    }

    /** Drops {@code count} lookups of node {@code id}; the last closes its descriptor. Unknown ids are ignored. */
    synchronized void forget(long id, long count) {
        Inode inode = byId.get(id);
        if (inode == null || inode == root) return;
        inode.lookups -= Math.min(inode.lookups, count);
        if (inode.lookups == 0) {
            byId.remove(id);
            byKey.remove(inode.key);
            if (inode.fd >= 0) PathCalls.close(inode.fd);
        }
    }

    /** Forgets every node but the root (the guest unmounted). */
    synchronized void clear() {
        for (Inode inode : byId.values()) if (inode != root && inode.fd >= 0) PathCalls.close(inode.fd);
        byId.clear();
        byKey.clear();
        byId.put(root.id, root);
        byKey.put(root.key, root);
    }

    /** How many nodes are known, the root included. */
    synchronized int size() {
        return byId.size();
    }
}
