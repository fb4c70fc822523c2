package dev.berth.nativeio;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** Who this process runs as and its file creation mask, from the C library. */
public final class Users {
    private static final Optional<MethodHandle> GETEUID = Libc.bind("geteuid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final Optional<MethodHandle> UMASK = Libc.bind("umask",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Users() {
    }

    /**
     * The effective user id of this process ({@code geteuid}, which cannot fail).
     *
     * @throws UnsupportedOperationException where the C library cannot be bound (not Linux or another Unix)
     */
    public static long effectiveUid() {
        MethodHandle geteuid = GETEUID.orElseThrow(() -> new UnsupportedOperationException("geteuid is not available"));
        try {
            return Integer.toUnsignedLong((int) geteuid.invokeExact());
        } catch (Throwable e) {
            throw new IllegalStateException("geteuid failed: " + e, e);
        }
    }

    /**
     * Sets this process's file mode creation mask ({@code umask}, which cannot fail) and returns the previous one.
     *
     * @throws UnsupportedOperationException where the C library cannot be bound
     */
    public static int setUmask(int mask) {
        MethodHandle umask = UMASK.orElseThrow(() -> new UnsupportedOperationException("umask is not available"));
        try {
            return (int) umask.invokeExact(mask);
        } catch (Throwable e) {
            throw new IllegalStateException("umask failed: " + e, e);
        }
    }
}
