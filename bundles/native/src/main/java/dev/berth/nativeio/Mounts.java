package dev.berth.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** {@code mount(2)} and {@code umount2(2)}, for mounting a FUSE file system from a descriptor of /dev/fuse. */
public final class Mounts {
    /** {@code umount2} flag: detach now, clean up when no longer busy. */
    public static final int MNT_DETACH = 2;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;
    private static final MethodHandle MOUNT = Calls.bind("mount", FunctionDescriptor.of(ValueLayout.JAVA_INT, PTR, PTR,
            PTR, ValueLayout.JAVA_LONG, PTR));
    private static final MethodHandle UMOUNT2 = Calls.bind("umount2",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, PTR, ValueLayout.JAVA_INT));

    private Mounts() {
    }

    /** {@code mount(source, target, type, flags, data)}. */
    public static void mount(String source, String target, String type, long flags, String data)
            throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            Calls.run(MOUNT, "mount", h -> (int) h.invokeExact(Calls.state(), a.allocateFrom(source),
                    a.allocateFrom(target), a.allocateFrom(type), flags, a.allocateFrom(data)));
        }
    }

    /** {@code umount2(target, flags)}. */
    public static void umount2(String target, int flags) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            Calls.run(UMOUNT2, "umount2", h -> (int) h.invokeExact(Calls.state(), a.allocateFrom(target), flags));
        }
    }
}
