package dev.berth.engine.internal;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Lets a bounded number of guest connections set up TLS at once and queues the rest in order, so that a burst of
 * clients is answered late rather than failed: under software emulation a handshake costs the guest tens of
 * milliseconds of CPU, and two hundred at once all outlived their timeout.
 */
final class HandshakeGate {
    private final int limit;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;

    HandshakeGate(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        this.limit = limit;
    }

    /** Runs {@code setup} now when a slot is free, else when one frees; {@code setup} must end with {@link #release}. */
    void enter(Runnable setup) {
        synchronized (this) {
            if (running >= limit) {
                waiting.add(setup);
                return;
            }
            running++;
        }
        setup.run();
    }

    /** Frees the caller's slot and hands it to the longest waiting setup, if any. */
    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
                return;
            }
        }
        next.run();
    }

    /** Setups that wait for a slot. */
    synchronized int waiting() {
        return waiting.size();
    }
}
