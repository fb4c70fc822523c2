package dev.berth.hypervisor.qemu.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The file that holds the guest's memory, with every block reserved before QEMU maps it: QEMU maps the file shared
 * and writes to it as the guest touches memory, so a block the full file system cannot give kills QEMU with SIGBUS
 * in the middle of a run (and each restart after it dies the same way). Reserving up front turns that into a clear
 * error at start. Blocks a saved state already holds are kept; reserving them again costs next to nothing.
 */
final class GuestMemoryFile {
    private static final int O_RDWR = 2;
    private static final int ENOSPC = 28;
    private static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Optional<MethodHandle[]> CALLS = lookup();

    private GuestMemoryFile() {
    }

    /**
     * Makes {@code file} private and at least {@code bytes} long with all its blocks allocated.
     *
     * @throws IOException saying how many bytes are needed where, when the file system has too little room
     */
    static void reserve(Path file, long bytes) throws IOException {
        PrivateFiles.prepare(file);
        // first the free room, so that a reservation that cannot succeed does not fill the file system on its way
        checkFreeSpace(file, bytes);
        if (CALLS.isEmpty()) return;
        MethodHandle[] calls = CALLS.get();
        int error = 0;
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) calls[0].invokeExact(arena.allocateFrom(file.toString()), O_RDWR, 0);
            if (fd < 0) throw new IOException("cannot open the guest memory file " + file);
            try {
                MemorySegment state = arena.allocate(ERRNO_STATE);
                if ((int) calls[1].invokeExact(state, fd, 0, 0L, bytes) != 0) error = (int) ERRNO.get(state, 0L);
            } finally {
                int ignored = (int) calls[2].invokeExact(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot reserve room for the guest memory file " + file + ": " + e, e);
        }
        if (error == ENOSPC) throw tooLittleRoom(file, bytes);
        // another error means a file system that cannot reserve blocks: the free room checked above is all there is
    }

    /**
     * Whether the file system has room for the part of the file beyond its current length: a file this class
     * reserved has all its blocks, so only its growth needs room.
     */
    private static void checkFreeSpace(Path file, long bytes) throws IOException {
        long usable = Files.getFileStore(file).getUsableSpace();
        if (usable < bytes - Math.min(bytes, Files.size(file))) throw tooLittleRoom(file, bytes);
    }

    private static IOException tooLittleRoom(Path file, long bytes) throws IOException {
        long usable = Files.getFileStore(file.getParent()).getUsableSpace();
        return new IOException("not enough free disk space for the VM's memory: its file " + file.getFileName()
                + " needs " + bytes + " bytes (" + (bytes >> 20) + " MiB) in " + file.getParent() + ", which has "
                + (usable >> 20) + " MiB free; free some space there or lower vm.memoryMiB");
    }

    /**
     * open, fallocate and close from the C library; empty where they cannot be bound. Not posix_fallocate: where
     * the file system cannot reserve blocks it writes a byte into each block, which would do for a new file but
     * not for the memory of a saved machine.
     */
    private static Optional<MethodHandle[]> lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            MethodHandle open = linker.downcallHandle(libc.find("open").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
            MethodHandle fallocate = linker.downcallHandle(libc.find("fallocate").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), Linker.Option.captureCallState("errno"));
            MethodHandle close = linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            return Optional.of(new MethodHandle[] {open, fallocate, close});
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}
