package dev.berth.virtiofs.internal.vhost;

import dev.berth.nativeio.EventFds;
import dev.berth.nativeio.FileDescriptors;
import java.io.IOException;
import java.util.concurrent.locks.Lock;

/**
 * The platform thread serving one started queue: it waits on the kick eventfd (or its own wake-up eventfd), then
 * takes every available chain, has the handler serve it, returns it on the used ring and interrupts the driver.
 */
final class RingWorker {
    private final Vring ring;
    private final QueueServer server;
    private final int kickFd;
    private final int wakeFd;
    private final Thread thread;
    private volatile boolean stopping;
    /** Set once the driver broke the rules: the queue then serves nothing until it is started afresh. */
    private boolean broken;
    private int usedPosition = -1;
    /** The used index when the driver was last interrupted; -1 before the first interrupt. */
    private int signalled = -1;
    private final QueueStats stats;
    private int served;
    private int interrupts;

    RingWorker(Vring ring, QueueServer server, int kickFd) throws IOException {
        this.ring = ring;
        this.server = server;
        this.kickFd = kickFd;
        this.wakeFd = EventFds.create(EventFds.NONBLOCK);
        this.stats = QueueStats.fromEnvironment(ring.index());
        this.thread = Thread.ofPlatform().daemon().name("berth-virtiofs-queue-" + ring.index()).unstarted(this::run);
    }

    void start() {
        thread.start();
        wake(); // chains may be waiting already, placed before this start
    }

    /** Has the thread look at the ring and at its state again. */
    void wake() {
        try {
            EventFds.signal(wakeFd, 1);
        } catch (IOException e) {
            VhostUserServer.log("queue " + ring.index() + ": cannot wake its thread: " + e.getMessage());
        }
    }

    /** Ends the thread after the chain it serves, waits for that, and closes the eventfds it used. */
    void stopAndJoin() {
        stopping = true;
        wake();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        FileDescriptors.closeQuietly(kickFd);
        FileDescriptors.closeQuietly(wakeFd);
    }

    private void run() {
        try {
            while (!stopping) {
                boolean[] ready = FileDescriptors.awaitReadable(kickFd, wakeFd);
                long start = stats == null ? 0 : System.nanoTime();
                served = 0;
                interrupts = 0;
                // the kick eventfd is QEMU's and may be non-blocking: taking an empty one just finds nothing
                if (ready[0]) EventFds.take(kickFd);
                if (ready[1]) EventFds.take(wakeFd);
                if (!stopping && ring.enabled && !broken) serveAvailable();
                if (stats != null) stats.woke(start, served, interrupts);
            }
            if (stats != null) stats.write(System.nanoTime());
        } catch (IOException e) {
            VhostUserServer.log("queue " + ring.index() + " stops: " + e.getMessage());
        }
    }

    /** Serves chains until the driver has placed no more; a malformed ring is logged and marked broken. */
    private void serveAvailable() {
        Lock lock = server.memoryLock();
        lock.lock();
        try {
            SplitRing split = new SplitRing(server.memory(), ring.size, ring.descAddress, ring.availAddress,
                    ring.usedAddress, server.eventIndex());
            if (usedPosition < 0) usedPosition = split.usedIndex();
            int last = ring.lastAvail;
            while (!stopping && ring.enabled) {
                int avail = split.availIndex();
                int pending = (avail - last) & 0xffff;
                if (pending == 0) {
                    // chains placed while this thread served others came without a kick: look once more
                    split.kickAt(last);
                    if (split.availIndex() == last) break;
                    continue;
                }
                if (pending > ring.size) {
                    throw new MalformedRing("the avail index moved " + pending + " entries ahead in a ring of " + ring.size);
                }
                for (int i = 0; i < pending && !stopping; i++) {
                    int head = split.head(last);
                    Chain chain = split.chain(head);
                    int written = serve(chain);
                    served++;
                    split.publishUsed(usedPosition, head, written);
                    usedPosition = (usedPosition + 1) & 0xffff;
                    last = (last + 1) & 0xffff;
                    ring.lastAvail = last;
                    if (split.wantsInterrupt(signalled, usedPosition)) {
                        signalled = usedPosition;
                        interrupts++;
                        ring.call();
                    }
                }
            }
        } catch (MalformedRing e) {
            broken = true;
            VhostUserServer.log("queue " + ring.index() + " is broken and serves no more: " + e.getMessage());
        } catch (RuntimeException e) {
            broken = true;
            VhostUserServer.log("queue " + ring.index() + " is broken and serves no more: " + e);
        } finally {
            lock.unlock();
        }
    }

    /** Has the handler serve one chain; a failing handler writes nothing, so that the chain is still returned. */
    private int serve(Chain chain) {
        long room = 0;
        for (var segment : chain.writable()) room += segment.byteSize();
        int written;
        try {
            written = server.handler().serve(ring.index(), chain);
        } catch (RuntimeException e) {
            VhostUserServer.log("queue " + ring.index() + ": the request handler failed: " + e);
            return 0;
        }
        if (written < 0 || written > room) {
            VhostUserServer.log("queue " + ring.index() + ": the handler reports " + written + " bytes written into "
                    + room + " bytes of room");
            return (int) Math.min(Math.max(written, 0), Math.min(room, Integer.MAX_VALUE));
        }
        return written;
    }
}
