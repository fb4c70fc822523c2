package dev.berth.virtiofs.internal.vhost;

import dev.berth.nativeio.FileDescriptors;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The vhost-user back end of one connection: answers the front end's messages, keeps the guest memory table and
 * starts and stops the queues. QEMU 7.2 sets up vhost-user-fs with GET_FEATURES, GET/SET_PROTOCOL_FEATURES,
 * GET_QUEUE_NUM, SET_OWNER, then per start SET_FEATURES, SET_MEM_TABLE, per queue SET_VRING_NUM/BASE/ADDR/KICK/CALL
 * and SET_VRING_ENABLE 1; it stops with SET_VRING_ENABLE 0 and GET_VRING_BASE per queue.
 */
final class Backend implements QueueServer, AutoCloseable {
    private final MessageChannel channel;
    private final RequestHandler handler;
    private final Vring[] rings;
    private final ReadWriteLock memoryLock = new ReentrantReadWriteLock();
    private GuestMemory memory = GuestMemory.empty();
    private long protocolFeatures;
    private volatile long features;

    Backend(MessageChannel channel, RequestHandler handler, int queues) {
        this.channel = channel;
        this.handler = handler;
        this.rings = new Vring[queues];
        for (int i = 0; i < queues; i++) rings[i] = new Vring(i, this);
    }

    @Override
    public Lock memoryLock() {
        return memoryLock.readLock();
    }

    @Override
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public RequestHandler handler() {
        return handler;
    }

    /** Answers messages until the front end disconnects (then returns) or the socket fails (then throws). */
    void run() throws IOException {
        while (true) {
            Message message;
            try {
                message = channel.read();
            } catch (EOFException e) {
                return;
            }
            handle(message);
        }
    }

    private void handle(Message message) throws IOException {
        ByteBuffer reply = null;
        boolean failed = false;
        try {
            reply = MessageHandling.dispatch(this, message);
        } catch (RequestFailure e) {
            failed = true;
            VhostUserServer.log(Protocol.name(message.request()) + " refused: " + e.getMessage());
        } catch (RuntimeException e) {
            failed = true;
            VhostUserServer.log(Protocol.name(message.request()) + " failed: " + e);
        }
        if (reply != null) {
            channel.reply(message.request(), reply);
        } else if (message.needsReply() && (protocolFeatures & Protocol.PF_REPLY_ACK) != 0) {
            ByteBuffer ack = Message.payloadOf(8);
            ack.putLong(0, failed ? 1 : 0);
            channel.reply(message.request(), ack);
        }
    }

    Vring ring(int index) throws RequestFailure {
        if (index < 0 || index >= rings.length) {
            throw new RequestFailure("queue " + index + " does not exist (there are " + rings.length + ")");
        }
        return rings[index];
    }

    int queueCount() {
        return rings.length;
    }

    void features(long negotiated) {
        features = negotiated;
    }

    @Override
    public boolean eventIndex() {
        return (features & Protocol.F_EVENT_IDX) != 0;
    }

    void protocolFeatures(long features) {
        protocolFeatures = features;
    }

    /** Replaces the guest memory once no queue uses the old one, then unmaps that. */
    void replaceMemory(GuestMemory next) {
        GuestMemory old;
        memoryLock.writeLock().lock();
        try {
            old = memory;
            memory = next;
        } finally {
            memoryLock.writeLock().unlock();
        }
        old.close();
    }

    /** Enables every queue, as a front end that did not negotiate protocol features expects. */
    void enableAll() {
        for (Vring ring : rings) ring.enable(true);
    }

    /**
     * Stops every queue and forgets their set-up. The protocol features stay: the front end negotiates them once
     * per connection and goes on expecting acknowledgements after a reset.
     */
    void reset() {
        for (Vring ring : rings) ring.reset();
    }

    /** Stops the queues, closes their eventfds and unmaps the guest memory. */
    @Override
    public void close() {
        for (Vring ring : rings) ring.reset();
        replaceMemory(GuestMemory.empty());
    }

    /** Closes descriptors that came with a message that takes none. */
    static void closeAll(int[] fds) {
        for (int fd : fds) FileDescriptors.closeQuietly(fd);
    }
}
