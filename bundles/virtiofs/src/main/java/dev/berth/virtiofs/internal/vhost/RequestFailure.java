package dev.berth.virtiofs.internal.vhost;

/** A front-end request this back end cannot carry out; the connection goes on. */
final class RequestFailure extends Exception {
    RequestFailure(String message) {
        super(message);
    }
}
