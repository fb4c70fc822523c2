package dev.berth.virtiofs.internal.vhost;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * One request taken from a virtqueue: the buffers the device reads, then the buffers it writes, each a slice of
 * mapped guest memory in the order of the descriptor chain.
 */
public record Chain(List<MemorySegment> readable, List<MemorySegment> writable) {
}
