package dev.berth.virtiofs.internal.vhost;

import dev.berth.nativeio.FileDescriptors;
import dev.berth.nativeio.UnixSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/** Serves one vhost-user front end (QEMU's vhost-user-fs device) on a Unix socket it listens on. */
public final class VhostUserServer {
    /** QEMU's vhost-user-fs default: the high-priority queue and one request queue. */
    public static final int DEFAULT_QUEUES = 2;

    private VhostUserServer() {
    }

    /** {@link #serve(Path, RequestHandler, int)} with {@link #DEFAULT_QUEUES} queues. */
    public static void serve(Path socketPath, RequestHandler handler) throws IOException {
        serve(socketPath, handler, DEFAULT_QUEUES);
    }

    /**
     * Listens at {@code socketPath} (replacing a stale file there; the socket appears only once it listens, with
     * mode 0600), accepts exactly one front end and serves it until it disconnects. Removes the socket file when it
     * returns.
     *
     * @param queues how many queues the device may use (a vhost-user-fs device uses 1 + num-request-queues)
     * @throws IOException when the socket cannot be set up, or the connection fails other than by a disconnect
     */
    public static void serve(Path socketPath, RequestHandler handler, int queues) throws IOException {
        int listening = listen(socketPath);
        try {
            int connection;
            try {
                connection = UnixSockets.accept(listening);
            } finally {
                FileDescriptors.closeQuietly(listening);
            }
            try {
                serveConnection(connection, handler, queues);
            } finally {
                FileDescriptors.closeQuietly(connection);
            }
        } finally {
            Files.deleteIfExists(socketPath);
        }
    }

    /** Serves a connected front end until it disconnects. */
    static void serveConnection(int connection, RequestHandler handler, int queues) throws IOException {
        try (Backend backend = new Backend(new MessageChannel(connection), handler, queues)) {
            backend.run();
        } catch (IOException e) {
            log("the connection to the front end failed: " + e.getMessage());
            throw e;
        }
    }

    /**
     * Binds under a temporary name in the same folder, restricts it to the owner and listens, then renames it:
     * whoever waits for the file finds a socket that accepts.
     */
    private static int listen(Path socketPath) throws IOException {
        Path absolute = socketPath.toAbsolutePath();
        Path temporary = absolute.resolveSibling(".vfs-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        int fd = -1;
        try {
            fd = UnixSockets.listen(temporary, 1);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return fd;
        } catch (IOException | RuntimeException e) {
            FileDescriptors.closeQuietly(fd);
            Files.deleteIfExists(temporary);
            log("cannot listen at " + socketPath + ": " + e.getMessage());
            throw e;
        }
    }

    /** Writes one line about a problem to standard error. */
    static void log(String message) {
        System.err.println("berth-virtiofs: " + message);
    }
}
