package dev.berth.network.internal.relay;

import io.netty.buffer.ByteBufAllocator;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Answers HELLO after stale bytes (as after a reconnect), opens every stream and echoes it, honouring SHUT. */
final class EchoGuest implements AutoCloseable {
    private final ServerSocketChannel server;
    /** The payload of the last OPEN frame. */
    volatile byte[] lastOpen;

    private final boolean restartOnce;
    /** How many connections the host made. */
    volatile int connections;

    EchoGuest(Path socket) throws IOException {
        this(socket, false);
    }

    /**
     * @param restartOnce whether, on its first connection, it acts as a guest relay that restarted after
     *                    answering: it sends a "greet me" HELLO and then ignores everything
     */
    EchoGuest(Path socket, boolean restartOnce) throws IOException {
        this.restartOnce = restartOnce;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().start(this::serve);
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                connections++;
                serve(ch);
            } catch (IOException e) {
                // the relay closed, or this guest did
            }
        }
    }

    private void serve(SocketChannel ch) throws IOException {
        FrameWire wire = new FrameWire(ch);
        boolean restart = restartOnce && connections == 1;
        // Like portd, it sends a stream's bytes only within the credit the host granted: the host enforces it.
        Map<Integer, Long> window = new HashMap<>();
        Map<Integer, ArrayDeque<byte[]>> pending = new HashMap<>();
        Set<Integer> shut = new HashSet<>();
        try {
            while (true) {
                FrameWire.Frame f = wire.next();
                switch (f.type()) {
                    case Frames.HELLO -> {
                        wire.raw("stale half frame".getBytes(StandardCharsets.US_ASCII));
                        wire.send(0, Frames.HELLO, f.payload());
                        if (restart) {
                            wire.send(0, Frames.HELLO, new byte[] {'B', 'E', 'R', 'T', 'H', 'M', 'U', 'X', 0, 0, 0, 1, 1});
                            while (true) wire.next();
                        }
                    }
                    case Frames.OPEN -> {
                        lastOpen = f.payload();
                        window.put(f.id(), (long) Frames.WINDOW);
                        wire.send(f.id(), Frames.OPENED, new byte[0]);
                    }
                    case Frames.DATA -> {
                        pending.computeIfAbsent(f.id(), id -> new ArrayDeque<>()).add(f.payload());
                        wire.write(Frames.credit(ByteBufAllocator.DEFAULT, f.id(), f.payload().length));
                        flush(wire, f.id(), window, pending, shut);
                    }
                    case Frames.CREDIT -> {
                        window.merge(f.id(), (long) ByteBuffer.wrap(f.payload()).getInt(), Long::sum);
                        flush(wire, f.id(), window, pending, shut);
                    }
                    case Frames.SHUT -> {
                        shut.add(f.id());
                        flush(wire, f.id(), window, pending, shut);
                    }
                    default -> {
                    }
                }
            }
        } catch (EOFException e) {
            // the relay closed the connection
        }
    }

    /** Echoes what the window allows, and ends the stream once all is echoed after the host's half-close. */
    private static void flush(FrameWire wire, int id, Map<Integer, Long> window,
                              Map<Integer, ArrayDeque<byte[]>> pending,
                              Set<Integer> shut) throws IOException {
        ArrayDeque<byte[]> queue = pending.getOrDefault(id, new ArrayDeque<>());
        while (!queue.isEmpty() && window.getOrDefault(id, 0L) >= queue.peek().length) {
            byte[] next = queue.poll();
            window.merge(id, (long) -next.length, Long::sum);
            wire.send(id, Frames.DATA, next);
        }
        if (queue.isEmpty() && shut.remove(id)) {
            wire.send(id, Frames.SHUT, new byte[0]);
            wire.send(id, Frames.CLOSE, new byte[0]);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
