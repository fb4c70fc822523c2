package dev.berth.virtiofs.internal.fuse;

import java.io.Serial;

/** A request fails with an errno of the server's own choosing (a malformed request, an unknown node or handle). */
final class FuseError extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;
    final int errno;

    FuseError(int errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }
}
