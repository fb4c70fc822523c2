package dev.berth.virtiofs.internal.vhost;

/** Serves the requests a virtio device's driver places on its queues. */
public interface RequestHandler {
    /**
     * Serves one request. Calls for different queues may run at the same time; calls for one queue come one after
     * another.
     *
     * @param queue the queue's index (virtio-fs: 0 is the high-priority queue, 1 and up carry requests)
     * @return how many bytes were written into the chain's writable buffers
     */
    int serve(int queue, Chain chain);
}
