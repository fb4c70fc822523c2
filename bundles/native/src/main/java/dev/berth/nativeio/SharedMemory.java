package dev.berth.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Memory shared through a file descriptor: anonymous memory files ({@code memfd_create}, {@code ftruncate}) and
 * mapping a descriptor's pages into this process ({@code mmap} with {@code MAP_SHARED}, {@code munmap}).
 */
public final class SharedMemory {
    private static final int PROT_READ_WRITE = 1 | 2;
    private static final int MAP_SHARED = 1;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MFD_CLOEXEC = 1;
    private static final Optional<MethodHandle> MMAP = Libc.bind("mmap",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), Libc.ERRNO_CAPTURE);
    private static final Optional<MethodHandle> MUNMAP = Libc.bind("munmap",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), Libc.ERRNO_CAPTURE);
    private static final Optional<MethodHandle> MEMFD_CREATE = Libc.bind("memfd_create",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Libc.ERRNO_CAPTURE);
    private static final Optional<MethodHandle> FTRUNCATE = Libc.bind("ftruncate",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), Libc.ERRNO_CAPTURE);

    private SharedMemory() {
    }

    /**
     * Maps {@code length} bytes of {@code fd} from {@code offset} (a multiple of the page size) for reading and
     * writing, shared with every other mapping of the file. The segment is valid until {@link #unmap}; using it
     * afterwards crashes the process, so the caller must make sure no one does.
     */
    public static MemorySegment map(int fd, long offset, long length) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment address = (MemorySegment) SyscallErrors.require(MMAP, "mmap").invokeExact(state,
                    MemorySegment.NULL, length, PROT_READ_WRITE, MAP_SHARED | MAP_NORESERVE, fd, offset);
            if (address.address() == -1L) {
                throw SyscallErrors.failure("mmap of " + length + " bytes at offset " + offset, Libc.errno(state));
            }
            return address.reinterpret(length);
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("mmap", e);
        }
    }

    /** Removes a mapping {@link #map} made. */
    public static void unmap(MemorySegment mapping) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int result = (int) SyscallErrors.require(MUNMAP, "munmap").invokeExact(state, mapping, mapping.byteSize());
            if (result < 0) throw SyscallErrors.failure("munmap", Libc.errno(state));
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("munmap", e);
        }
    }

    /** A new anonymous memory file of {@code size} zero bytes, closed on exec. */
    public static int createMemoryFile(String name, long size) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int fd = (int) SyscallErrors.require(MEMFD_CREATE, "memfd_create")
                    .invokeExact(state, arena.allocateFrom(name), MFD_CLOEXEC);
            if (fd < 0) throw SyscallErrors.failure("memfd_create", Libc.errno(state));
            try {
                resize(fd, size);
            } catch (IOException e) {
                FileDescriptors.closeQuietly(fd);
                throw e;
            }
            return fd;
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("memfd_create", e);
        }
    }

    /** Sets the length of the file {@code fd} refers to ({@code ftruncate}). */
    public static void resize(int fd, long size) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int result = (int) SyscallErrors.require(FTRUNCATE, "ftruncate").invokeExact(state, fd, size);
            if (result < 0) throw SyscallErrors.failure("ftruncate", Libc.errno(state));
        } catch (Throwable e) {
            throw SyscallErrors.unexpected("ftruncate", e);
        }
    }
}
