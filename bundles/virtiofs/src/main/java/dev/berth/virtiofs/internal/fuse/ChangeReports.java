package dev.berth.virtiofs.internal.fuse;

import static dev.berth.nativeio.OpenFlags.AT_FDCWD;

import dev.berth.nativeio.ErrnoException;
import dev.berth.nativeio.PathCalls;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Tells Berth's daemon, one change a line ({@code KIND PATH}), where the guest changed the share through this server,
 * so that the
 * daemon's host watcher knows those changes for echoes and does not replay them back into the guest, which raised
 * their inotify events itself. Best effort: nothing waits for the daemon, and what cannot be sent at once is
 * dropped (the change is then replayed, which is harmless).
 */
final class ChangeReports {
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final UnixDomainSocketAddress daemon;
    private SocketChannel channel;
    private ByteBuffer unsent;
    private long nextTry;

    /** Reports to the daemon listening on {@code socket}; with null, reports nothing. */
    ChangeReports(Path socket) {
        this.daemon = socket == null ? null : UnixDomainSocketAddress.of(socket);
    }

    /** What the guest did, as the host's watcher will see it. */
    enum Kind {
        CREATED('c'), DELETED('d'), MOVED('m'), WRITTEN('w'), ATTRIBUTES('a');

        final char letter;

        Kind(char letter) {
            this.letter = letter;
        }
    }

    /** Reports a change of the entry {@code name} in the folder {@code parent}. */
    void entry(Kind kind, Inodes.Inode parent, String name) {
        if (daemon == null || parent.fd < 0) return;
        String folder = path(parent.fd);
        if (folder != null) send(kind, folder.equals("/") ? "/" + name : folder + "/" + name);
    }

    /** Reports a change of the file behind {@code fd} (a node's or an open file's descriptor). */
    void file(Kind kind, int fd) {
        if (daemon == null || fd < 0) return;
        String path = path(fd);
        if (path != null) send(kind, path);
    }

    private static String path(int fd) {
        try {
            String path = new String(PathCalls.readlinkat(AT_FDCWD, Share.proc(fd)), StandardCharsets.UTF_8);
            return path.startsWith("/") && !path.endsWith(" (deleted)") ? path : null;
        } catch (ErrnoException e) {
            return null;
        }
    }

    private synchronized void send(Kind kind, String path) {
        if (path.indexOf('\n') >= 0 || !connected()) return;
        try {
            if (unsent != null) {
                channel.write(unsent);
                if (unsent.hasRemaining()) return;   // the daemon is behind: this one is dropped
                unsent = null;
            }
            ByteBuffer line = ByteBuffer.wrap((kind.letter + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            channel.write(line);
            if (line.hasRemaining()) unsent = line;
        } catch (IOException e) {
            disconnect();
        }
    }

    private boolean connected() {
        if (channel != null) return true;
        long now = System.nanoTime();
        if (now - nextTry < 0) return false;
        nextTry = now + RETRY_NANOS;
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(daemon);
                ch.configureBlocking(false);
            } catch (IOException e) {
                ch.close();
                return false;
            }
            channel = ch;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void disconnect() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a broken connection
        }
        channel = null;
        unsent = null;
    }
}
