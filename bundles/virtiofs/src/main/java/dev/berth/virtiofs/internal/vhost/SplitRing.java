package dev.berth.virtiofs.internal.vhost;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A split virtqueue (virtio 1.x, section 2.7) laid over mapped guest memory: reads the driver's available ring and
 * descriptor chains, writes the used ring. Valid only while the memory it was made from stays mapped.
 */
final class SplitRing {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int DESC_F_NEXT = 1;
    private static final int DESC_F_WRITE = 2;
    private static final int DESC_F_INDIRECT = 4;
    private static final int AVAIL_F_NO_INTERRUPT = 1;
    private static final int DESCRIPTOR_SIZE = 16;

    private final GuestMemory memory;
    private final int size;
    private final MemorySegment descriptors;
    private final MemorySegment avail;
    private final MemorySegment used;
    private final boolean eventIndex;

    /**
     * The ring of {@code size} entries whose three parts lie at the given front-end addresses; with {@code eventIndex}
     * (negotiated {@link Protocol#F_EVENT_IDX}) each of the avail and used rings ends in the other side's event index.
     */
    SplitRing(GuestMemory memory, int size, long descAddress, long availAddress, long usedAddress, boolean eventIndex)
            throws MalformedRing {
        this.memory = memory;
        this.size = size;
        this.eventIndex = eventIndex;
        int event = eventIndex ? 2 : 0;
        this.descriptors = memory.atUserAddress(descAddress, (long) DESCRIPTOR_SIZE * size);
        this.avail = memory.atUserAddress(availAddress, 4 + 2L * size + event);
        this.used = memory.atUserAddress(usedAddress, 4 + 8L * size + event);
    }

    /** The driver's available index; what it published before it is visible once this returns. */
    int availIndex() {
        int index = Short.toUnsignedInt(avail.get(U16, 2));
        VarHandle.acquireFence();
        return index;
    }

    /** The head of the chain at position {@code position} (counted without wrapping at the ring size) of the avail ring. */
    int head(int position) throws MalformedRing {
        int head = Short.toUnsignedInt(avail.get(U16, 4 + 2L * (position % size)));
        if (head >= size) throw new MalformedRing("chain head " + head + " is beyond the ring of " + size);
        return head;
    }

    /** The used index as the ring holds it, where a started queue continues. */
    int usedIndex() {
        return Short.toUnsignedInt(used.get(U16, 2));
    }

    /**
     * Puts {@code head} with {@code written} bytes at used position {@code position} and publishes the index after
     * it, the entry being visible to the driver no later than the index.
     */
    void publishUsed(int position, int head, int written) {
        long entry = 4 + 8L * (position % size);
        used.set(U32, entry, head);
        used.set(U32, entry + 4, written);
        VarHandle.releaseFence();
        used.set(U16, 2, (short) (position + 1));
    }

    /**
     * Whether the driver wants an interrupt now that the used index went from {@code signalled} (where the last
     * interrupt was sent, -1 before the first) to {@code published}, judged after that index is visible: with event
     * indexes, when the index passed the driver's used event (virtio's {@code vring_need_event}) or no interrupt was
     * sent yet; else unless the driver asked for none.
     */
    boolean wantsInterrupt(int signalled, int published) {
        VarHandle.fullFence();
        if (!eventIndex) return (avail.get(U16, 0) & AVAIL_F_NO_INTERRUPT) == 0;
        if (signalled < 0) return true;
        int event = Short.toUnsignedInt(avail.get(U16, 4 + 2L * size));
        return ((published - event - 1) & 0xffff) < ((published - signalled) & 0xffff);
    }

    /**
     * With event indexes, asks the driver to kick once it places the chain at avail position {@code position}, and
     * makes that request visible before the avail index is read again: a chain the driver placed meanwhile is either
     * seen then or kicked for.
     */
    void kickAt(int position) {
        if (!eventIndex) return;
        used.set(U16, 4 + 8L * size, (short) position);
        VarHandle.fullFence();
    }

    /** The buffers of the chain starting at {@code head}, following NEXT links and one level of indirect table. */
    Chain chain(int head) throws MalformedRing {
        List<MemorySegment> readable = new ArrayList<>();
        List<MemorySegment> writable = new ArrayList<>();
        MemorySegment table = descriptors;
        int tableSize = size;
        boolean indirect = false;
        int index = head;
        int visited = 0;
        boolean writing = false;
        while (true) {
            long at = (long) DESCRIPTOR_SIZE * index;
            long address = table.get(U64, at);
            long length = Integer.toUnsignedLong(table.get(U32, at + 8));
            int flags = Short.toUnsignedInt(table.get(U16, at + 12));
            int next = Short.toUnsignedInt(table.get(U16, at + 14));
            if ((flags & DESC_F_INDIRECT) != 0) {
                if (indirect) throw new MalformedRing("an indirect descriptor within an indirect table");
                if ((flags & DESC_F_NEXT) != 0) throw new MalformedRing("an indirect descriptor with a next one");
                if (length == 0 || length % DESCRIPTOR_SIZE != 0 || length / DESCRIPTOR_SIZE > Protocol.MAX_QUEUE_SIZE) {
                    throw new MalformedRing("an indirect table of " + length + " bytes");
                }
                table = memory.atGuestAddress(address, length);
                tableSize = (int) (length / DESCRIPTOR_SIZE);
                indirect = true;
                index = 0;
                visited = 0;
                continue;
            }
            if (++visited > tableSize) throw new MalformedRing("a descriptor chain loops (head " + head + ")");
            if ((flags & DESC_F_WRITE) != 0) {
                writing = true;
                memory.addBuffers(address, length, writable);
            } else if (writing) {
                throw new MalformedRing("a device-readable buffer after a device-writable one (head " + head + ")");
            } else {
                memory.addBuffers(address, length, readable);
            }
            if ((flags & DESC_F_NEXT) == 0) return new Chain(List.copyOf(readable), List.copyOf(writable));
            if (next >= tableSize) throw new MalformedRing("descriptor " + next + " is beyond a table of " + tableSize);
            index = next;
        }
    }
}
