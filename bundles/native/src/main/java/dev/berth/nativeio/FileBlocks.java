package dev.berth.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Allocates a file's blocks up front ({@code fallocate}), so that writing into it later cannot fail for want of
 * room. Not {@code posix_fallocate}: where the file system cannot reserve blocks it writes a byte into each block,
 * which would do for a new file but not for one that holds data (the memory of a saved machine).
 */
public final class FileBlocks {
    private static final int O_RDWR = 2;
    private static final int ENOSPC = 28;
    private static final Optional<MethodHandle> OPEN = Libc.bind("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final Optional<MethodHandle> FALLOCATE = Libc.bind("fallocate",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), Libc.ERRNO_CAPTURE);

    /** What an allocation came to. */
    public enum Allocation {
        /** Every block of the range is allocated. */
        DONE,
        /** The file system has too little room. */
        NO_SPACE,
        /** The file system cannot reserve blocks, or the call cannot be bound: nothing was reserved. */
        UNSUPPORTED
    }

    private FileBlocks() {
    }

    /**
     * Allocates the blocks of {@code file}'s first {@code bytes} bytes, growing the file to that length if it is
     * shorter; blocks it already holds are kept.
     *
     * @throws IOException when the existing file cannot be opened for writing
     */
    public static Allocation allocate(Path file, long bytes) throws IOException {
        if (OPEN.isEmpty() || FALLOCATE.isEmpty()) return Allocation.UNSUPPORTED;
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.get().invokeExact(arena.allocateFrom(file.toString()), O_RDWR, 0);
            if (fd < 0) throw new IOException("cannot open " + file + " to allocate its blocks");
            try {
                MemorySegment state = arena.allocate(Libc.CALL_STATE);
                if ((int) FALLOCATE.get().invokeExact(state, fd, 0, 0L, bytes) == 0) return Allocation.DONE;
                return Libc.errno(state) == ENOSPC ? Allocation.NO_SPACE : Allocation.UNSUPPORTED;
            } finally {
                FileDescriptors.closeQuietly(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot allocate the blocks of " + file + ": " + e, e);
        }
    }
}
