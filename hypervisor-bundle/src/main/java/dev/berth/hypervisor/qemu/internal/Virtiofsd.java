package dev.berth.hypervisor.qemu.internal;

import dev.berth.api.hypervisor.SharedFolderSpec;
import dev.berth.nativeio.Processes;
import dev.berth.nativeio.Users;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs QEMU's virtiofsd for one shared folder in a session of its own, so that it outlives the Berth daemon. */
final class Virtiofsd {
    static final Path BINARY = Path.of("/usr/lib/qemu/virtiofsd");
    private static final Duration SOCKET_WAIT = Duration.ofSeconds(10);

    private Virtiofsd() {
    }

    /**
     * The command line serving one folder. {@code cache=auto}: close-to-open consistency with one-second metadata
     * caching, so edits on either side are seen at the next open. Host mounts inside the folder show up as mounts
     * in the guest. No thread pool: with one, the pool threads call sched_getaffinity, which virtiofsd's own
     * seccomp filter forbids, and the kernel kills virtiofsd (measured with QEMU 7.2 on Debian 12); the guest's
     * requests then hang until the VM restarts. No xattr: measured 2x slower writes and 1.5-2x slower creates.
     */
    static List<String> command(SharedFolderSpec folder, Path socket) {
        return List.of("/usr/bin/setsid", BINARY.toString(), "--socket-path=" + socket,
                "-o", "source=" + escape(folder.hostPath().toString()), "-o", "cache=auto",
                "-o", "announce_submounts", "--thread-pool-size=0");
    }

    /** An option value as FUSE's option parser reads it: commas and backslashes are escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,");
    }

    /**
     * Starts a virtiofsd for {@code folder} and waits until its socket accepts QEMU.
     *
     * @return the process id
     */
    static long start(SharedFolderSpec folder, QemuFiles files) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IOException("file sharing needs " + BINARY + "; install it with: sudo apt-get install qemu-system-common");
        }
        if (!runsAsRoot()) {
            throw new IOException("QEMU 7.2's virtiofsd must run as root (it takes the identity of each guest "
                    + "process and keeps its lock in /run/virtiofsd); run Berth as root to share folders");
        }
        if (folder.readOnly()) {
            throw new IOException("cannot share " + folder.hostPath() + " read-only: QEMU 7.2's virtiofsd has no "
                    + "read-only mode; share it writable or mount it read-only in the guest");
        }
        if (!Files.isDirectory(folder.hostPath())) {
            throw new IOException("cannot share " + folder.hostPath() + ": it is not a folder");
        }
        Path socket = files.virtiofsSocket(folder.tag());
        Files.deleteIfExists(socket);
        Process p = new ProcessBuilder(command(folder, socket)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.virtiofsLog().toFile())).start();
        awaitSocket(socket, p, folder);
        return p.pid();
    }

    /** Whether {@code pid} is a live virtiofsd. */
    static boolean alive(long pid) {
        return handle(pid).isPresent();
    }

    /** Stops the virtiofsd with this pid, if it still runs. */
    static void stop(long pid) {
        handle(pid).ifPresent(h -> {
            h.destroy();
            if (!Processes.awaitEnd(pid, Duration.ofSeconds(2))) h.destroyForcibly();
        });
    }

    private static Optional<ProcessHandle> handle(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.equals(BINARY.toString())).orElse(false));
    }

    private static boolean runsAsRoot() {
        return Users.effectiveUid() == 0;
    }

    private static void awaitSocket(Path socket, Process p, SharedFolderSpec folder) throws IOException {
        long deadline = System.nanoTime() + SOCKET_WAIT.toNanos();
        while (!Files.exists(socket)) {
            if (!p.isAlive()) {
                throw new IOException("virtiofsd for " + folder.hostPath() + " exited with code " + p.exitValue()
                        + "; see " + socket.resolveSibling("virtiofsd.log"));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("virtiofsd for " + folder.hostPath() + " did not open its socket within "
                        + SOCKET_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted while virtiofsd was starting", e);
            }
        }
    }
}
