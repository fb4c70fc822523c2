package dev.berth.virtiofs.internal.fuse;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** Treats a chain's list of buffers as one run of bytes: length, copies in and out, and slices of a range. */
final class Segments {
    private Segments() {
    }

    /** The bytes of all buffers together. */
    static long length(List<MemorySegment> segments) {
        long total = 0;
        for (MemorySegment s : segments) total += s.byteSize();
        return total;
    }

    /** The buffers' pieces that make up {@code length} bytes from {@code offset} (fewer where the run is shorter). */
    static List<MemorySegment> slices(List<MemorySegment> segments, long offset, long length) {
        List<MemorySegment> out = new ArrayList<>();
        long skip = offset;
        long left = length;
        for (MemorySegment s : segments) {
            if (left <= 0) break;
            long size = s.byteSize();
            if (skip >= size) {
                skip -= size;
                continue;
            }
            long n = Math.min(size - skip, left);
            out.add(s.asSlice(skip, n));
            left -= n;
            skip = 0;
        }
        return out;
    }

    /** The first {@code length} bytes (fewer where the run is shorter), copied out. */
    static byte[] read(List<MemorySegment> segments, long length) {
        byte[] out = new byte[(int) Math.min(length, length(segments))];
        int at = 0;
        for (MemorySegment s : slices(segments, 0, out.length)) {
            MemorySegment.copy(s, 0, MemorySegment.ofArray(out), at, s.byteSize());
            at += (int) s.byteSize();
        }
        return out;
    }

    /** Copies {@code data} in at {@code offset}; the caller has checked that it fits. */
    static void write(List<MemorySegment> segments, long offset, byte[] data, int length) {
        int at = 0;
        for (MemorySegment s : slices(segments, offset, length)) {
            MemorySegment.copy(MemorySegment.ofArray(data), at, s, 0, s.byteSize());
            at += (int) s.byteSize();
        }
    }
}
