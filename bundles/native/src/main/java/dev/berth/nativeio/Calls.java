package dev.berth.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Binds the system calls of the file classes with errno captured into a per-thread state, and checks results. */
final class Calls {
    /** One call of a bound handle, made with {@code invokeExact}; the result widened to {@code long}. */
    @FunctionalInterface
    interface Invocation {
        long invoke(MethodHandle handle) throws Throwable;
    }

    /** What a call that cannot be bound fails with. */
    static final int ENOSYS = 38;
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Libc.CALL_STATE));

    private Calls() {
    }

    /** The function {@code name} capturing errno, or null where the C library lacks it. */
    static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = Libc.ERRNO_CAPTURE;
        System.arraycopy(more, 0, options, 1, more.length);
        return Libc.bind(name, descriptor, options).orElse(null);
    }

    /** This thread's call state, which a call made with {@link #bind} takes as its first argument. */
    static MemorySegment state() {
        return STATE.get();
    }

    /** The handle, or the failure a missing function stands for. */
    static MethodHandle need(MethodHandle handle, String call) throws ErrnoException {
        if (handle == null) throw new ErrnoException(call, ENOSYS);
        return handle;
    }

    /** {@code result}, or the errno the call left when it is negative. */
    private static long check(String call, long result) throws ErrnoException {
        if (result < 0) throw new ErrnoException(call, Libc.errno(state()));
        return result;
    }

    /**
     * Makes {@code call} with {@code handle} (bound by {@link #bind}, so taking {@link #state()} first): its result,
     * or an {@link ErrnoException} with {@code ENOSYS} where the function is missing and with the errno the call left
     * where the result is negative; anything else the call throws is a broken binding.
     */
    static long run(MethodHandle handle, String name, Invocation call) throws ErrnoException {
        MethodHandle h = need(handle, name);
        try {
            return check(name, call.invoke(h));
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw broken(name, e);
        }
    }

    /** A failure of the binding itself (wrong types), which is a bug rather than a system error. */
    static IllegalStateException broken(String call, Throwable e) {
        return new IllegalStateException(call + " could not be called: " + e, e);
    }
}
