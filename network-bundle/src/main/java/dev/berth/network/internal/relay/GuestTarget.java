package dev.berth.network.internal.relay;

import dev.berth.api.hypervisor.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Where the guest's relay connects a stream: a TCP or UDP port on the guest's loopback address, or a Unix stream
 * socket in the guest (then {@code port} is 0 and {@code path} names it).
 *
 * @param protocol TCP or UDP for a port; TCP for a Unix socket
 * @param port     the guest port, or 0
 * @param path     the guest's Unix socket path, or null
 */
record GuestTarget(Protocol protocol, int port, String path) {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};
    /** The longest Unix socket path Linux accepts. */
    static final int MAX_PATH = 107;

    GuestTarget {
        if (path != null && (path.isEmpty() || path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH)) {
            throw new IllegalArgumentException("a guest socket path must have 1 to " + MAX_PATH + " bytes: " + path);
        }
    }

    /** A port on the guest's loopback address. */
    static GuestTarget port(Protocol protocol, int port) {
        return new GuestTarget(protocol, port, null);
    }

    /** A Unix stream socket in the guest. */
    static GuestTarget unix(String path) {
        return new GuestTarget(Protocol.TCP, 0, path);
    }

    /** The OPEN frame's payload that names this target. */
    ByteBuf payload(ByteBufAllocator alloc) {
        if (path != null) {
            byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
            return alloc.buffer(4 + bytes.length).writeByte(1).writeByte(0).writeShort(0).writeBytes(bytes);
        }
        return alloc.buffer(8).writeByte(protocol == Protocol.UDP ? 17 : 6).writeByte(0).writeShort(port)
                .writeBytes(LOOPBACK);
    }
}
