package dev.berth.virtiofs.internal.vhost;

/** The driver placed something on a virtqueue that breaks the rules; the queue stops until it is set up again. */
final class MalformedRing extends Exception {
    MalformedRing(String message) {
        super(message);
    }
}
