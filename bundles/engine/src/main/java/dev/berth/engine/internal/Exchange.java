package dev.berth.engine.internal;

import io.netty.handler.codec.http.HttpRequest;

/** One request and its answer on a client connection, from the request's head until both are complete. */
final class Exchange {
    /** Whether the engine may answer by hijacking the connection. */
    final boolean candidate;
    boolean requestDone;
    boolean responseStarted;
    boolean responseDone;

    Exchange(HttpRequest request) {
        this.candidate = Hijack.isCandidate(request);
    }

    boolean done() {
        return requestDone && responseDone;
    }
}
