package dev.berth.nativeio;

import java.io.Serial;

/** A system call failed; carries the {@code errno} it set, so that callers can pass the error on unchanged. */
public final class ErrnoException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;
    private final int errno;

    /** The call {@code call} failed with {@code errno}. */
    public ErrnoException(String call, int errno) {
        super(call + " failed: errno " + errno, null, false, false);
        this.errno = errno;
    }

    /** The error number, positive as in {@code errno.h}. */
    public int errno() {
        return errno;
    }
}
