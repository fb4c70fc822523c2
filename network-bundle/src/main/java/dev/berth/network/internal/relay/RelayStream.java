package dev.berth.network.internal.relay;

import io.netty.buffer.ByteBuf;

/** One connection or UDP flow carried over the relay: what the guest's side of it says. Called on the relay's loop. */
interface RelayStream {
    /** The guest connected its socket. */
    void opened();

    /** Bytes, or one datagram, from the guest; the stream releases {@code payload}. */
    void data(ByteBuf payload);

    /** The guest's side sends nothing more. */
    void shut();

    /** Credit for {@code bytes} of data the guest has passed on. */
    void credit(long bytes);

    /** The stream is gone; {@code reason} is empty when it ended normally. */
    void closed(String reason);
}
