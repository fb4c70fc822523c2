package dev.berth.virtiofs.internal.vhost;

import java.nio.ByteBuffer;

/** What each front-end request does to a {@link Backend}, and the reply it gets when it has one of its own. */
final class MessageHandling {
    private MessageHandling() {
    }

    /**
     * Carries out {@code message}.
     *
     * @return the reply's payload for a request that has one, else null
     * @throws RequestFailure when the request is unknown, malformed or cannot be carried out
     */
    static ByteBuffer dispatch(Backend backend, Message m) throws RequestFailure {
        int request = m.request();
        if (!takesDescriptors(request)) Backend.closeAll(m.fds()); // none expected: none kept
        switch (request) {
            case Protocol.GET_FEATURES -> {
                return u64(Protocol.FEATURES);
            }
            case Protocol.SET_FEATURES -> {
                long features = m.u64();
                if ((features & ~Protocol.FEATURES) != 0) {
                    throw new RequestFailure("features 0x" + Long.toHexString(features & ~Protocol.FEATURES) + " were not offered");
                }
                // without protocol features the rings have no SET_VRING_ENABLE to wait for; with them, a later
                // SET_FEATURES (logging during migration) must leave the rings as they are
                backend.features(features);
                if ((features & Protocol.F_PROTOCOL_FEATURES) == 0) backend.enableAll();
                return null;
            }
            case Protocol.GET_PROTOCOL_FEATURES -> {
                return u64(Protocol.PROTOCOL_FEATURES);
            }
            case Protocol.SET_PROTOCOL_FEATURES -> {
                long features = m.u64();
                if ((features & ~Protocol.PROTOCOL_FEATURES) != 0) {
                    throw new RequestFailure("protocol features 0x" + Long.toHexString(features & ~Protocol.PROTOCOL_FEATURES)
                            + " were not offered");
                }
                backend.protocolFeatures(features);
                return null;
            }
            case Protocol.GET_QUEUE_NUM -> {
                return u64(backend.queueCount());
            }
            case Protocol.SET_OWNER -> {
                return null;
            }
            case Protocol.RESET_OWNER, Protocol.RESET_DEVICE -> {
                backend.reset();
                return null;
            }
            case Protocol.SET_MEM_TABLE -> {
                backend.replaceMemory(GuestMemory.map(m.payload(), m.fds()));
                return null;
            }
            case Protocol.SET_VRING_NUM -> {
                Vring ring = stoppedRing(backend, m);
                int size = m.u32(4);
                if (size <= 0 || size > Protocol.MAX_QUEUE_SIZE || Integer.bitCount(size) != 1) {
                    throw new RequestFailure("queue size " + Integer.toUnsignedString(size) + " is not a power of 2 up to 32768");
                }
                ring.size = size;
                return null;
            }
            case Protocol.SET_VRING_ADDR -> {
                m.requireSize(40);
                Vring ring = stoppedRing(backend, m);
                ByteBuffer p = m.payload();
                ring.descAddress = p.getLong(8);
                ring.usedAddress = p.getLong(16);
                ring.availAddress = p.getLong(24);
                ring.addressed = true;
                return null;
            }
            case Protocol.SET_VRING_BASE -> {
                Vring ring = stoppedRing(backend, m);
                ring.lastAvail = m.u32(4) & 0xffff;
                return null;
            }
            case Protocol.GET_VRING_BASE -> {
                Vring ring = backend.ring(m.u32(0));
                ring.stop();
                ByteBuffer state = Message.payloadOf(8);
                state.putInt(0, ring.index()).putInt(4, ring.lastAvail);
                return state;
            }
            case Protocol.SET_VRING_KICK, Protocol.SET_VRING_CALL, Protocol.SET_VRING_ERR -> {
                eventFd(backend, m);
                return null;
            }
            case Protocol.SET_VRING_ENABLE -> {
                backend.ring(m.u32(0)).enable(m.u32(4) != 0);
                return null;
            }
            default -> throw new RequestFailure("is not supported");
        }
    }

    private static boolean takesDescriptors(int request) {
        return request == Protocol.SET_MEM_TABLE || request == Protocol.SET_VRING_KICK
                || request == Protocol.SET_VRING_CALL || request == Protocol.SET_VRING_ERR;
    }

    /** SET_VRING_KICK, CALL or ERR: the queue index and no-descriptor bit in a u64, the eventfd alongside. */
    private static void eventFd(Backend backend, Message m) throws RequestFailure {
        long value;
        Vring ring;
        try {
            value = m.u64();
            ring = backend.ring((int) (value & 0xff));
        } catch (RequestFailure e) {
            Backend.closeAll(m.fds());
            throw e;
        }
        boolean noFd = (value & Protocol.VRING_NOFD) != 0;
        if (noFd != (m.fds().length == 0) || m.fds().length > 1) {
            Backend.closeAll(m.fds());
            throw new RequestFailure("queue " + ring.index() + " got " + m.fds().length + " descriptors"
                    + (noFd ? " with the no-descriptor bit" : ""));
        }
        int fd = noFd ? -1 : m.fds()[0];
        switch (m.request()) {
            case Protocol.SET_VRING_KICK -> {
                if (noFd) {
                    ring.stop();
                    throw new RequestFailure("queue " + ring.index() + ": polling without a kick eventfd is not supported");
                }
                ring.start(fd);
            }
            case Protocol.SET_VRING_CALL -> ring.setCall(fd);
            // errors are never reported through it: the descriptor is not needed
            default -> Backend.closeAll(m.fds());
        }
    }

    private static Vring stoppedRing(Backend backend, Message m) throws RequestFailure {
        Vring ring = backend.ring(m.u32(0));
        if (ring.running()) throw new RequestFailure("queue " + ring.index() + " is running");
        return ring;
    }

    private static ByteBuffer u64(long value) {
        ByteBuffer payload = Message.payloadOf(8);
        payload.putLong(0, value);
        return payload;
    }
}
