package dev.berth.network.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection accepted on a forwarded host Unix socket, relayed to a guest socket as a stream. It uses blocking
 * I/O on two virtual threads because Netty's NIO Unix channels cannot half-close, which the Docker API's hijacked
 * connections need (a client ending its stdin); the relay's own state is touched on its event loop only.
 */
final class UnixStream implements RelayStream {
    private static final long OPEN_TIMEOUT_SECONDS = 10;
    /** Queued to the writer: the guest's side sends nothing more. */
    private static final ByteBuf SHUT = Unpooled.unreleasableBuffer(Unpooled.buffer(0));
    /** Queued to the writer: the stream is over; close the client once what came before is written. */
    private static final ByteBuf CLOSE = Unpooled.unreleasableBuffer(Unpooled.buffer(0));
    private final RelayLink link;
    private final EventLoop loop;
    private final SocketChannel client;
    private final LinkedBlockingQueue<ByteBuf> toClient = new LinkedBlockingQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomToSend = lock.newCondition();
    private final GuestWindow window = new GuestWindow();
    private long unacked;
    private boolean shutQueued;
    private volatile int id = -1;
    private volatile boolean opened;
    private volatile boolean done;

    private UnixStream(RelayLink link, EventLoop loop, SocketChannel client) {
        this.link = link;
        this.loop = loop;
        this.client = client;
    }

    /** Relays {@code client} to {@code target}: asks the guest for the stream, then copies both ways. */
    static void start(RelayLink link, EventLoop loop, SocketChannel client, GuestTarget target) {
        UnixStream s = new UnixStream(link, loop, client);
        loop.execute(() -> {
            s.id = link.open(s, target);
            if (s.id < 0) {
                s.closeClient();
                return;
            }
            loop.schedule(() -> {
                if (!s.opened) s.closed("the guest did not answer");
            }, OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Thread.ofVirtual().name("berth-relay-unix-in").start(s::fromClient);
            Thread.ofVirtual().name("berth-relay-unix-out").start(s::toClient);
        });
    }

    /** Copies the client's bytes to the guest within the credit window; its end of input becomes a SHUT. */
    private void fromClient() {
        ByteBuffer buffer = ByteBuffer.allocate(Frames.MAX_DATA);
        try {
            while (true) {
                buffer.clear();
                int n = client.read(buffer);
                if (n < 0) {
                    loop.execute(() -> { if (id >= 0) link.shut(id); });
                    return;
                }
                ByteBuf bytes = Unpooled.copiedBuffer(buffer.flip());
                loop.execute(() -> {
                    if (id >= 0) link.data(id, bytes); else bytes.release();
                });
                lock.lock();
                try {
                    unacked += n;
                    while (unacked >= Frames.WINDOW && client.isOpen()) roomToSend.await(1, TimeUnit.SECONDS);
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException | InterruptedException e) {
            loop.execute(() -> closed("the client's connection failed"));
        } catch (RejectedExecutionException e) {
            // the relay stopped and its event loop with it: nothing is left to tell, the client's connection just ends
            closeClient();
        }
    }

    /** Writes the guest's bytes to the client and grants the guest credit for them; SHUT half-closes, CLOSE ends. */
    private void toClient() {
        try {
            for (ByteBuf next = toClient.take(); next != CLOSE; next = toClient.take()) {
                if (next == SHUT) {
                    client.shutdownOutput();
                    continue;
                }
                int n = next.readableBytes();
                try {
                    ByteBuffer b = next.nioBuffer();
                    while (b.hasRemaining()) client.write(b);
                } finally {
                    next.release();
                }
                loop.execute(() -> {
                    window.credited(n);
                    if (id >= 0) link.credit(id, n);
                });
            }
        } catch (IOException | InterruptedException e) {
            loop.execute(() -> closed("the client's connection failed"));
        } catch (RejectedExecutionException e) {
            // the relay stopped: the finally below ends the client's connection
        } finally {
            done = true;
            closeClient();
            for (ByteBuf left = toClient.poll(); left != null; left = toClient.poll()) left.release();
        }
    }

    @Override
    public void opened() {
        opened = true;
    }

    @Override
    public void data(ByteBuf payload) {
        if (!window.receive(payload.readableBytes())) {
            payload.release();
            link.violated(id, GuestWindow.EXCEEDED);
        } else if (done || !payload.isReadable()) {
            payload.release();
        } else {
            toClient.add(payload);
        }
    }

    @Override
    public void shut() {
        if (shutQueued) return;
        shutQueued = true;
        toClient.add(SHUT);
    }

    @Override
    public void credit(long bytes) {
        lock.lock();
        try {
            unacked -= bytes;
            roomToSend.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void closed(String reason) {
        if (id >= 0) link.close(id);
        id = -1;
        toClient.add(CLOSE);
    }

    private void closeClient() {
        try {
            client.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
