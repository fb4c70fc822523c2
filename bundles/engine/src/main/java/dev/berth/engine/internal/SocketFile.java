package dev.berth.engine.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** The place of a Unix socket that only its owner may use: a folder of mode 0700 and a socket of mode 0600. */
final class SocketFile {
    private SocketFile() {
    }

    /**
     * Makes the folder (mode 0700 when Berth owns it or it is new) and removes a socket nobody serves any more.
     *
     * @param ownFolder whether the folder is Berth's own, so its mode may be set even when it exists
     */
    static void prepare(Path socket, boolean ownFolder) throws IOException {
        Path folder = socket.getParent();
        boolean created = !Files.isDirectory(folder);
        Files.createDirectories(folder);
        if (ownFolder || created) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IOException(socket + " exists and is not a socket; move it away or set engine.socket to another path");
        }
        if (answers(socket)) {
            throw new IOException("another process already serves " + socket
                    + "; stop it or set engine.socket to another path");
        }
        Files.delete(socket);
    }

    /** Lets only the owner connect. */
    static void ownerOnly(Path socket) throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    }

    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }
}
