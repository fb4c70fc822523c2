package dev.berth.nativeio;

/** The {@code open(2)} and {@code *at(2)} flag values of the machine this runs on (x86-64 and arm64 differ). */
public final class OpenFlags {
    private static final boolean ARM = System.getProperty("os.arch", "").matches("aarch64|arm64");

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_ACCMODE = 3;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = ARM ? 040000 : 0200000;
    public static final int O_NOFOLLOW = ARM ? 0100000 : 0400000;
    public static final int O_DIRECT = ARM ? 0200000 : 040000;
    public static final int O_LARGEFILE = ARM ? 0400000 : 0100000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;

    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    public static final int AT_EMPTY_PATH = 0x1000;

    private OpenFlags() {
    }
}
