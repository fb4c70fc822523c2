package dev.berth.nativeio;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** Turns a failed call's {@code errno} into an {@link IOException} that says what it means. */
final class SyscallErrors {
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    private static final Optional<MethodHandle> STRERROR = Libc.bind("strerror",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private SyscallErrors() {
    }

    /** The exception for {@code call} having failed with {@code errno}. */
    static IOException failure(String call, int errno) {
        return new IOException(call + " failed: " + meaning(errno) + " (errno " + errno + ")");
    }

    /** The C library's text for {@code errno}. */
    static String meaning(int errno) {
        if (STRERROR.isEmpty()) return "error " + errno;
        try {
            MemorySegment text = (MemorySegment) STRERROR.get().invokeExact(errno);
            return text.reinterpret(1024).getString(0);
        } catch (Throwable e) {
            return "error " + errno;
        }
    }

    /** The handle, or an error saying the C library lacks {@code name}. */
    static MethodHandle require(Optional<MethodHandle> handle, String name) throws IOException {
        if (handle.isEmpty()) throw new IOException("the C library has no " + name);
        return handle.get();
    }

    /** Rethrows what a native call threw, as it is when unchecked, else wrapped. */
    static IOException unexpected(String call, Throwable e) {
        if (e instanceof RuntimeException r) throw r;
        if (e instanceof Error err) throw err;
        if (e instanceof IOException io) return io;
        return new IOException(call + " failed: " + e, e);
    }
}
