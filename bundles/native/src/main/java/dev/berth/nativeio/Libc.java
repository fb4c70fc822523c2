package dev.berth.nativeio;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/** Binds C library functions by name, optionally capturing {@code errno}. */
final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    /** The layout of the state a call with {@link #ERRNO_CAPTURE} leaves its {@code errno} in. */
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** Captures {@code errno} right after the call, before the JVM can overwrite it. */
    static final Linker.Option ERRNO_CAPTURE = Linker.Option.captureCallState("errno");

    private Libc() {
    }

    /** The function {@code name} of the C library, or empty where it is missing or cannot be bound. */
    static Optional<MethodHandle> bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        try {
            return LINKER.defaultLookup().find(name).map(symbol -> LINKER.downcallHandle(symbol, descriptor, options));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The {@code errno} a call left in {@code state}. */
    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }
}
