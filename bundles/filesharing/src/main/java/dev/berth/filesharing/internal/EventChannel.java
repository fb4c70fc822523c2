package dev.berth.filesharing.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The host end of the guest's fsevents port (QEMU listens on a Unix socket): connects and reconnects, greets the
 * guest on each connection, sends batches of lines and hands each line the guest writes to a listener.
 */
final class EventChannel implements AutoCloseable {
    /** The longest line taken from the guest (a mount report's line holds one path); longer ones are dropped. */
    static final int MAX_LINE = 16 * 1024;
    private final UnixDomainSocketAddress address;
    private final AtomicLong dropped = new AtomicLong();
    private final Consumer<String> lines;
    private final List<String> greeting;
    private final Object writeLock = new Object();
    private volatile SocketChannel channel;
    private volatile boolean closed;

    /** Starts connecting in the background; {@code greeting} is sent first on every connection. */
    EventChannel(Path socket, List<String> greeting, Consumer<String> lines) {
        this.address = UnixDomainSocketAddress.of(socket);
        this.greeting = List.copyOf(greeting);
        this.lines = lines;
        Thread.ofPlatform().daemon().name("berth-fs-events").start(this::run);
    }

    /** Lines from the guest dropped for being longer than {@link #MAX_LINE}. */
    long droppedLines() {
        return dropped.get();
    }

    /** Whether the guest's port is connected. */
    boolean connected() {
        return channel != null;
    }

    /**
     * Sends lines to the guest; blocks while the guest is slow to read them.
     *
     * @return false when no guest is connected or the connection broke
     */
    boolean send(List<String> batch) {
        SocketChannel ch = channel;
        if (ch == null) return false;
        ByteBuffer bytes = ByteBuffer.wrap((String.join("\n", batch) + "\n").getBytes(StandardCharsets.UTF_8));
        synchronized (writeLock) {
            try {
                while (bytes.hasRemaining()) ch.write(bytes);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private void run() {
        while (!closed) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(address);
                channel = ch;
                send(greeting);
                read(ch);
            } catch (IOException e) {
                // no VM yet, or it went away: try again
            } finally {
                channel = null;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(SocketChannel ch) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean overlong = false;   // skipping to the next newline
        while (!closed && ch.read(buffer) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b != '\n') {
                    if (line.size() < MAX_LINE) {
                        line.write(b);
                    } else if (!overlong) {
                        overlong = true;
                        dropped.incrementAndGet();
                    }
                    continue;
                }
                if (!overlong) lines.accept(line.toString(StandardCharsets.UTF_8));
                overlong = false;
                line.reset();
            }
            buffer.clear();
        }
    }

    @Override
    public void close() {
        closed = true;
        SocketChannel ch = channel;
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException e) {
            // closed anyway
        }
    }
}
