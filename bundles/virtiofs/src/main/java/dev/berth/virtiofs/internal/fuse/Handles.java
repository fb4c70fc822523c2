package dev.berth.virtiofs.internal.fuse;

import dev.berth.nativeio.PathCalls;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The open files and directories the guest holds: handle number to descriptor. */
final class Handles {
    /** One open file or directory; a directory's read position is guarded by the handle itself. */
    static final class Handle {
        final int fd;
        final boolean directory;
        /**
         * Whether closing it is reported as a write: a file the guest created for writing, whose close gives the host
         * an IN_CLOSE_WRITE even when nothing was written. Not a file merely opened: an announced replay opens one for
         * writing, and reporting that would hide the host's next change from the guest.
         */
        final boolean reportClose;
        /** Where the next READDIR continues without a seek ({@code d_off} of the last entry sent). */
        long position;
        /** When a write through this handle was last reported to the daemon (see {@link ChangeReports}). */
        long reportedAt;

        Handle(int fd, boolean directory, boolean reportClose) {
            this.fd = fd;
            this.directory = directory;
            this.reportClose = reportClose;
        }
    }

    private final ConcurrentHashMap<Long, Handle> handles = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(1);

    long add(int fd, boolean directory) {
        return add(fd, directory, false);
    }

    long add(int fd, boolean directory, boolean reportClose) {
        long fh = next.getAndIncrement();
        handles.put(fh, new Handle(fd, directory, reportClose));
        return fh;
    }

    /** The handle {@code fh}, or EBADF. */
    Handle get(long fh) {
        Handle handle = handles.get(fh);
        if (handle == null) throw new FuseError(Fuse.EBADF, "unknown handle " + fh);
        return handle;
    }

    /** Closes handle {@code fh}; EBADF where it is unknown. */
    void close(long fh) {
        Handle handle = handles.remove(fh);
        if (handle == null) throw new FuseError(Fuse.EBADF, "unknown handle " + fh);
        PathCalls.close(handle.fd);
    }

    void closeAll() {
        for (Long fh : handles.keySet()) {
            Handle handle = handles.remove(fh);
            if (handle != null) PathCalls.close(handle.fd);
        }
    }

    int size() {
        return handles.size();
    }
}
