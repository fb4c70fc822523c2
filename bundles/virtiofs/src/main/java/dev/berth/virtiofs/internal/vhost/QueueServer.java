package dev.berth.virtiofs.internal.vhost;

import java.util.concurrent.locks.Lock;

/** What a queue's thread needs from its device: the guest memory, held while used, and the request handler. */
interface QueueServer {
    /** The lock to hold while using {@link #memory()}: the memory table is not replaced while it is held. */
    Lock memoryLock();

    /** The current guest memory; use it only while holding {@link #memoryLock()}. */
    GuestMemory memory();

    RequestHandler handler();

    /** Whether the driver negotiated event indexes ({@link Protocol#F_EVENT_IDX}). */
    boolean eventIndex();
}
