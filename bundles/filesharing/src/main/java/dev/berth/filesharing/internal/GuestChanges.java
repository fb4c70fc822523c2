package dev.berth.filesharing.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The changes the guest made lately through Berth's file servers, as the servers report them on a Unix socket (one
 * {@code KIND PATH} a line: c created, d deleted, m moved, w written, a attributes), so that the host watcher's events
 * of the same kind and path are known as echoes: the guest raised their inotify events itself, and replaying them
 * would repeat the events and, after a container's flood of changes, queue minutes of replays ahead of the host's
 * own changes. Matching the kind keeps a host change of another kind (a container creates a file, the host then
 * removes it) from being taken for an echo.
 */
final class GuestChanges implements AutoCloseable {
    /** How long after the guest's change a host event of the same path counts as its echo. */
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_PATHS = 100_000;
    private static final int MAX_LINE = 8192;
    private static final System.Logger LOG = System.getLogger(GuestChanges.class.getName());
    private final Path socket;
    private final ServerSocketChannel server;
    private final Map<String, Long> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_PATHS;
        }
    };
    private volatile boolean closed;

    /** Listens on {@code socket} (private to the user, replacing a stale one). */
    GuestChanges(Path socket) throws IOException {
        this.socket = socket;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().name("berth-fs-guest-changes").start(this::accept);
    }

    /** Notes that the guest made a change of {@code kind} (the report's letter) to {@code path} at {@code nanos}. */
    synchronized void changed(char kind, Path path, long nanos) {
        String key = kind + path.toString();
        recent.remove(key);   // re-inserted last, so the eldest entry is the oldest change
        recent.put(key, nanos);
    }

    /** Whether the guest made a change of one of {@code kinds} to {@code path} within the window before {@code nanos}. */
    synchronized boolean byGuest(String kinds, Path path, long nanos) {
        for (int i = 0; i < kinds.length(); i++) {
            Long at = recent.get(kinds.charAt(i) + path.toString());
            if (at != null && nanos - at < WINDOW_NANOS) return true;
        }
        return false;
    }

    private void accept() {
        while (!closed) {
            try {
                SocketChannel ch = server.accept();
                Thread.ofVirtual().name("berth-fs-guest-changes-reader").start(() -> read(ch));
            } catch (IOException e) {
                if (!closed) LOG.log(Level.WARNING, "file server reports on {0} stopped: {1}", socket, e.getMessage());
                return;
            }
        }
    }

    private void read(SocketChannel ch) {
        try (ch) {
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean overlong = false;
            while (!closed && ch.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b != '\n') {
                        if (line.size() < MAX_LINE) line.write(b);
                        else overlong = true;
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    if (!overlong && text.length() > 3 && text.charAt(1) == ' ' && text.charAt(2) == '/') {
                        changed(text.charAt(0), Path.of(text.substring(2)), System.nanoTime());
                    }
                    overlong = false;
                    line.reset();
                }
                buffer.clear();
            }
        } catch (IOException | RuntimeException e) {
            // a server that went away, or a path the JDK cannot name: its changes are replayed as before
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // already gone
        }
    }
}
