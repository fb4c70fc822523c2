package dev.berth.nativeio;

/**
 * What {@code statx} says about a file: its identity, type and mode, owner, size and times (seconds and
 * nanoseconds), and for devices the device numbers.
 */
public record FileStatus(long dev, long ino, int mode, int nlink, int uid, int gid, int rdevMajor, int rdevMinor,
        long size, long blocks, int blksize, long atime, int atimeNsec, long mtime, int mtimeNsec, long ctime,
        int ctimeNsec) {
    /** The type bits of {@code st_mode}. */
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 060000;
    public static final int S_IFDIR = 040000;
    public static final int S_IFCHR = 020000;
    public static final int S_IFIFO = 010000;
    public static final int S_ISUID = 04000;
    public static final int S_ISGID = 02000;

    /** The file's type bits. */
    public int type() {
        return mode & S_IFMT;
    }

    /** Whether this is a directory. */
    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    /** Whether this is a symbolic link. */
    public boolean isSymlink() {
        return type() == S_IFLNK;
    }
}
