package dev.berth.virtiofs.internal.vhost;

import dev.berth.nativeio.EventFds;
import dev.berth.nativeio.FileDescriptors;
import java.io.IOException;

/**
 * One virtqueue's set-up as the front end gives it (size, addresses, base, eventfds, enabled) and, once started,
 * the platform thread that serves it. Configuration messages come from the connection's thread; the call eventfd
 * may be swapped while the queue runs.
 */
final class Vring {
    private final int index;
    private final QueueServer server;
    volatile int size;
    volatile long descAddress;
    volatile long availAddress;
    volatile long usedAddress;
    volatile boolean addressed;
    /** The next avail position to take; the worker owns it while the queue runs. */
    volatile int lastAvail;
    volatile boolean enabled;
    private final Object callLock = new Object();
    private int callFd = -1;
    private RingWorker worker;

    Vring(int index, QueueServer server) {
        this.index = index;
        this.server = server;
    }

    int index() {
        return index;
    }

    boolean running() {
        return worker != null;
    }

    /** Starts serving with {@code kickFd} (now owned by the queue), stopping a previous run first. */
    void start(int kickFd) throws RequestFailure {
        stop();
        if (size == 0 || !addressed) {
            FileDescriptors.closeQuietly(kickFd);
            throw new RequestFailure("queue " + index + " got its kick eventfd before its size and addresses");
        }
        try {
            worker = new RingWorker(this, server, kickFd);
        } catch (IOException e) {
            FileDescriptors.closeQuietly(kickFd);
            throw new RequestFailure("cannot start queue " + index + ": " + e.getMessage());
        }
        worker.start();
    }

    /** Stops the queue's thread, if it runs, and waits for its end; afterwards {@link #lastAvail} is final. */
    void stop() {
        if (worker != null) {
            worker.stopAndJoin();
            worker = null;
        }
    }

    /** Enables or disables the queue; a disabled queue takes no requests from the ring. */
    void enable(boolean on) {
        enabled = on;
        if (worker != null) worker.wake();
    }

    /** Uses {@code fd} (or none, when negative) as the call eventfd from now on, closing the previous one. */
    void setCall(int fd) {
        synchronized (callLock) {
            FileDescriptors.closeQuietly(callFd);
            callFd = fd;
        }
    }

    /** Interrupts the driver through the call eventfd, if there is one. */
    void call() {
        synchronized (callLock) {
            if (callFd < 0) return;
            try {
                EventFds.signal(callFd, 1);
            } catch (IOException e) {
                VhostUserServer.log("queue " + index + ": cannot signal the driver: " + e.getMessage());
            }
        }
    }

    /** Stops the queue and forgets its set-up, as after a reset. */
    void reset() {
        stop();
        setCall(-1);
        size = 0;
        addressed = false;
        lastAvail = 0;
        enabled = false;
    }
}
