package dev.berth.virtiofs.internal.vhost;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One vhost-user message: its request code, header flags, payload (little-endian) and the descriptors that came
 * with it.
 */
record Message(int request, int flags, ByteBuffer payload, int[] fds) {
    boolean needsReply() {
        return (flags & Protocol.NEED_REPLY) != 0;
    }

    /** The payload as one 64-bit number, as the u64 messages carry it. */
    long u64() throws RequestFailure {
        requireSize(8);
        return payload.getLong(0);
    }

    /** The payload's 32-bit number at {@code offset}. */
    int u32(int offset) throws RequestFailure {
        requireSize(offset + 4);
        return payload.getInt(offset);
    }

    void requireSize(int bytes) throws RequestFailure {
        if (payload.limit() < bytes) {
            throw new RequestFailure(Protocol.name(request) + " carries " + payload.limit() + " bytes, not " + bytes);
        }
    }

    /** A little-endian buffer for a payload of {@code size} bytes. */
    static ByteBuffer payloadOf(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
