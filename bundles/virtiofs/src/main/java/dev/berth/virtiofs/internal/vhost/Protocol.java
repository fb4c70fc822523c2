package dev.berth.virtiofs.internal.vhost;

/** The numbers of the vhost-user protocol (QEMU's docs/interop/vhost-user.rst) and of the virtio features it offers. */
final class Protocol {
    static final int GET_FEATURES = 1;
    static final int SET_FEATURES = 2;
    static final int SET_OWNER = 3;
    static final int RESET_OWNER = 4;
    static final int SET_MEM_TABLE = 5;
    static final int SET_LOG_BASE = 6;
    static final int SET_LOG_FD = 7;
    static final int SET_VRING_NUM = 8;
    static final int SET_VRING_ADDR = 9;
    static final int SET_VRING_BASE = 10;
    static final int GET_VRING_BASE = 11;
    static final int SET_VRING_KICK = 12;
    static final int SET_VRING_CALL = 13;
    static final int SET_VRING_ERR = 14;
    static final int GET_PROTOCOL_FEATURES = 15;
    static final int SET_PROTOCOL_FEATURES = 16;
    static final int GET_QUEUE_NUM = 17;
    static final int SET_VRING_ENABLE = 18;
    static final int RESET_DEVICE = 34;

    /** Header flags: the version (1) in the low two bits, then whether a message is a reply or wants one. */
    static final int VERSION = 1;
    static final int VERSION_MASK = 3;
    static final int REPLY = 0x4;
    static final int NEED_REPLY = 0x8;
    static final int HEADER_SIZE = 12;
    /** Larger than any message this back end accepts (the memory table with 8 regions has 264 bytes). */
    static final int MAX_PAYLOAD = 4096;

    static final long F_INDIRECT_DESC = 1L << 28;
    /** Event indexes: the driver kicks only when the device asks for it, and wants an interrupt only where it says. */
    static final long F_EVENT_IDX = 1L << 29;
    static final long F_PROTOCOL_FEATURES = 1L << 30;
    static final long F_VERSION_1 = 1L << 32;
    /**
     * Event indexes are offered (as QEMU's own virtiofsd does): a driver that places requests while the device still
     * serves earlier ones then does not kick for them, and one that still takes replies gets no interrupt per reply.
     */
    static final long FEATURES = F_VERSION_1 | F_PROTOCOL_FEATURES | F_INDIRECT_DESC | F_EVENT_IDX;

    static final long PF_MQ = 1L << 0;
    static final long PF_REPLY_ACK = 1L << 3;
    static final long PF_RESET_DEVICE = 1L << 13;
    static final long PROTOCOL_FEATURES = PF_MQ | PF_REPLY_ACK | PF_RESET_DEVICE;

    /** In SET_VRING_KICK/CALL/ERR: the queue index in the low byte; this bit says no descriptor comes along. */
    static final long VRING_NOFD = 0x100;
    /** The most memory regions SET_MEM_TABLE may carry when memory slots are not negotiated. */
    static final int MAX_REGIONS = 8;
    /** The largest queue a split virtqueue can have. */
    static final int MAX_QUEUE_SIZE = 32768;

    private Protocol() {
    }

    static String name(int request) {
        return switch (request) {
            case GET_FEATURES -> "GET_FEATURES";
            case SET_FEATURES -> "SET_FEATURES";
            case SET_OWNER -> "SET_OWNER";
            case RESET_OWNER -> "RESET_OWNER";
            case SET_MEM_TABLE -> "SET_MEM_TABLE";
            case SET_LOG_BASE -> "SET_LOG_BASE";
            case SET_LOG_FD -> "SET_LOG_FD";
            case SET_VRING_NUM -> "SET_VRING_NUM";
            case SET_VRING_ADDR -> "SET_VRING_ADDR";
            case SET_VRING_BASE -> "SET_VRING_BASE";
            case GET_VRING_BASE -> "GET_VRING_BASE";
            case SET_VRING_KICK -> "SET_VRING_KICK";
            case SET_VRING_CALL -> "SET_VRING_CALL";
            case SET_VRING_ERR -> "SET_VRING_ERR";
            case GET_PROTOCOL_FEATURES -> "GET_PROTOCOL_FEATURES";
            case SET_PROTOCOL_FEATURES -> "SET_PROTOCOL_FEATURES";
            case GET_QUEUE_NUM -> "GET_QUEUE_NUM";
            case SET_VRING_ENABLE -> "SET_VRING_ENABLE";
            case RESET_DEVICE -> "RESET_DEVICE";
            default -> "request " + request;
        };
    }
}
