package dev.berth.virtiofs.internal.vhost;

import dev.berth.nativeio.FileDescriptors;
import dev.berth.nativeio.SharedMemory;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest's RAM as the front end shares it (SET_MEM_TABLE): regions mapped into this process, found by guest
 * physical address (what descriptors hold) or by the front end's own address (what SET_VRING_ADDR holds).
 */
final class GuestMemory implements AutoCloseable {
    private static final long PAGE = 4096;

    /** One region: {@code memory} holds its {@code size} bytes; {@code mapping} is what to unmap. */
    private record Region(long guestAddress, long size, long userAddress, MemorySegment memory, MemorySegment mapping) {
    }

    private final List<Region> regions;

    private GuestMemory(List<Region> regions) {
        this.regions = regions;
    }

    /** No memory at all: every address is outside it. */
    static GuestMemory empty() {
        return new GuestMemory(List.of());
    }

    /**
     * Maps the regions of a SET_MEM_TABLE payload ({@code u32 count, u32 padding}, then per region {@code u64}
     * guest address, size, user address, offset into its file), one descriptor per region. Closes the descriptors.
     */
    static GuestMemory map(ByteBuffer payload, int[] fds) throws RequestFailure {
        List<Region> mapped = new ArrayList<>();
        try {
            if (payload.limit() < 8) throw new RequestFailure("SET_MEM_TABLE carries no region count");
            int count = payload.getInt(0);
            if (count < 0 || count > Protocol.MAX_REGIONS) throw new RequestFailure("SET_MEM_TABLE with " + count + " regions");
            if (payload.limit() < 8 + 32 * count) throw new RequestFailure("SET_MEM_TABLE is shorter than its " + count + " regions");
            if (fds.length != count) {
                throw new RequestFailure("SET_MEM_TABLE has " + count + " regions but " + fds.length + " descriptors");
            }
            for (int i = 0; i < count; i++) {
                int at = 8 + 32 * i;
                long guest = payload.getLong(at);
                long size = payload.getLong(at + 8);
                long user = payload.getLong(at + 16);
                long offset = payload.getLong(at + 24);
                if (size <= 0 || offset < 0 || guest + size < guest || user + size < user || offset + size < offset) {
                    throw new RequestFailure("SET_MEM_TABLE region " + i + " is impossible");
                }
                long mapOffset = offset & -PAGE; // mmap wants a page-aligned offset
                MemorySegment mapping;
                try {
                    mapping = SharedMemory.map(fds[i], mapOffset, size + (offset - mapOffset));
                } catch (IOException e) {
                    throw new RequestFailure("cannot map guest memory region " + i + ": " + e.getMessage());
                }
                mapped.add(new Region(guest, size, user, mapping.asSlice(offset - mapOffset, size), mapping));
            }
            return new GuestMemory(List.copyOf(mapped));
        } catch (RequestFailure e) {
            new GuestMemory(mapped).close();
            throw e;
        } finally {
            for (int fd : fds) FileDescriptors.closeQuietly(fd); // a mapping keeps its file
        }
    }

    /** The {@code length} bytes at the front end's address {@code address}, which must lie in one region. */
    MemorySegment atUserAddress(long address, long length) throws MalformedRing {
        for (Region r : regions) {
            MemorySegment found = slice(r, address - r.userAddress, address, r.userAddress, length);
            if (found != null) return found;
        }
        throw new MalformedRing(describe("front-end address", address, length) + " lies outside guest memory");
    }

    /** The {@code length} bytes at guest physical {@code address}, which must lie in one region. */
    MemorySegment atGuestAddress(long address, long length) throws MalformedRing {
        for (Region r : regions) {
            MemorySegment found = slice(r, address - r.guestAddress, address, r.guestAddress, length);
            if (found != null) return found;
        }
        throw new MalformedRing(describe("guest address", address, length) + " lies outside guest memory");
    }

    /** The {@code length} bytes at guest physical {@code address}, which may cross from one region into the next. */
    void addBuffers(long address, long length, List<MemorySegment> into) throws MalformedRing {
        long at = address;
        long left = length;
        while (left > 0) {
            Region region = null;
            for (Region r : regions) {
                if (Long.compareUnsigned(at, r.guestAddress) >= 0 && Long.compareUnsigned(at - r.guestAddress, r.size) < 0) {
                    region = r;
                    break;
                }
            }
            if (region == null) throw new MalformedRing(describe("buffer at guest address", address, length) + " lies outside guest memory");
            long offset = at - region.guestAddress;
            long piece = Math.min(left, region.size - offset);
            into.add(region.memory.asSlice(offset, piece));
            at += piece;
            left -= piece;
        }
    }

    /** The slice of {@code r} for an address {@code offset} past {@code start}, or null when it is not all there. */
    private static MemorySegment slice(Region r, long offset, long address, long start, long length) {
        if (Long.compareUnsigned(address, start) < 0 || Long.compareUnsigned(offset, r.size) >= 0) return null;
        if (length < 0 || length > r.size - offset) return null;
        return r.memory.asSlice(offset, length);
    }

    private static String describe(String what, long address, long length) {
        return what + " 0x" + Long.toHexString(address) + " (" + length + " bytes)";
    }

    /** Unmaps every region; nothing may use this memory afterwards. */
    @Override
    public void close() {
        for (Region r : regions) {
            try {
                SharedMemory.unmap(r.mapping);
            } catch (IOException e) {
                VhostUserServer.log("cannot unmap guest memory: " + e.getMessage());
            }
        }
    }
}
