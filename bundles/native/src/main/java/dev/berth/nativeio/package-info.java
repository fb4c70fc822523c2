/**
 * The native calls Berth makes (C library functions and Linux system calls), bound with the Foreign Function and
 * Memory API. A JVM that makes them needs {@code --enable-native-access=ALL-UNNAMED} (or the jar manifest's
 * {@code Enable-Native-Access}), else the JDK warns at the first call.
 *
 * <p>Two error conventions, on purpose: the file calls the file server answers the guest with ({@link FdCalls},
 * {@link PathCalls}, {@link FileStats}, {@link Mounts}, {@link Inotify}) throw {@link ErrnoException}, whose number
 * goes back to the guest unchanged in the FUSE reply, while the calls whose failure a caller can only report
 * ({@link UnixSockets}, {@link SocketMessages}, {@link SharedMemory}, {@link EventFds}, {@link FileDescriptors},
 * {@link Spawn}) throw an {@link java.io.IOException} whose message says what the errno means, and sit in the
 * same code paths as the JDK's own I/O.
 */
@Version("1.2.0")
package dev.berth.nativeio;

import org.osgi.annotation.versioning.Version;
