package dev.berth.virtiofs.internal;

import dev.berth.nativeio.Limits;
import dev.berth.nativeio.Users;
import dev.berth.virtiofs.internal.fuse.FuseServer;
import dev.berth.virtiofs.internal.fuse.Warmup;
import dev.berth.virtiofs.internal.vhost.VhostUserServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Serves one host folder to QEMU as a vhost-user file system; its options follow QEMU's virtiofsd's. */
public final class Main {
    private Main() {
    }

    /**
     * Usage: {@code --socket-path=PATH --shared-dir=DIR [--readonly] [--changes-socket=PATH]} (where Berth's daemon
     * listens for the host paths the guest changes); exits when QEMU disconnects.
     */
    public static void main(String[] args) {
        Path socket = null;
        Path dir = null;
        boolean readOnly = false;
        Path changes = null;
        for (String arg : args) {
            if (arg.startsWith("--socket-path=")) socket = Path.of(arg.substring("--socket-path=".length()));
            else if (arg.startsWith("--shared-dir=")) dir = Path.of(arg.substring("--shared-dir=".length()));
            else if (arg.equals("--readonly")) readOnly = true;
            else if (arg.startsWith("--changes-socket=")) changes = Path.of(arg.substring("--changes-socket=".length()));
            else fail("unknown option " + arg);
        }
        if (socket == null || dir == null) fail("usage: berth-virtiofs --socket-path=PATH --shared-dir=DIR [--readonly]");
        if (!Files.isDirectory(dir)) fail(dir + " is not a folder");
        // The guest sends each creating process's umask, and the server applies it; its own (the daemon's 077)
        // would make every file a container creates private to the host user.
        Users.setUmask(0);
        // one open descriptor per file the guest caches: as many as this user may have (the guest is told to drop
        // its caches at half of it), a million where the user may raise its own limit, as root may
        long files = Limits.raiseOpenFiles(1_000_000);
        try {
            System.err.println("berth-virtiofs: serving " + dir + (readOnly ? " read-only" : "") + " on " + socket
                    + " (up to " + files + " open files)");
            warmUp(socket.toAbsolutePath().getParent());
            VhostUserServer.serve(socket, new FuseServer(dir, readOnly, changes));
            System.err.println("berth-virtiofs: QEMU disconnected; stopping");
        } catch (IOException | RuntimeException e) {
            fail(e.getMessage());
        }
    }

    /**
     * Warms the request paths up beside the socket (Berth's own state folder, which no share watcher sees) while
     * QEMU boots its guest, which mounts the share seconds later; a failure only costs speed.
     */
    private static void warmUp(Path folder) {
        Thread.ofPlatform().daemon().name("berth-virtiofs-warmup").start(() -> {
            try {
                int failed = Warmup.run(folder);
                if (failed > 0) System.err.println("berth-virtiofs: " + failed + " warm-up requests failed");
            } catch (IOException | RuntimeException e) {
                System.err.println("berth-virtiofs: no warm-up: " + e.getMessage());
            }
        });
    }

    private static void fail(String message) {
        System.err.println("berth-virtiofs: " + message);
        System.exit(1);
    }
}
