package dev.berth.hypervisor.qemu.internal.virtiofs;

import dev.berth.api.hypervisor.SharedFolderSpec;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import dev.berth.nativeio.Processes;
import dev.berth.nativeio.Spawn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs the file server for one shared folder in a session of its own ({@code posix_spawn}), so that it outlives the
 * Berth daemon; which program serves is a {@link FileServerProgram}.
 */
final class Virtiofsd {
    private static final Duration SOCKET_WAIT = Duration.ofSeconds(20);

    private Virtiofsd() {
    }

    /**
     * Starts a server for {@code folder} and waits until its socket accepts QEMU.
     *
     * @return the process id
     */
    static long start(SharedFolderSpec folder, QemuFiles files, FileServerProgram program) throws IOException {
        if (!Files.isDirectory(folder.hostPath())) {
            throw new IOException("cannot share " + folder.hostPath() + ": it is not a folder");
        }
        Path socket = files.virtiofsSocket(folder.tag());
        List<String> command = program.command(folder, socket);
        Files.deleteIfExists(socket);
        long pid = Spawn.detached(command, System.getenv(), files.virtiofsLog());
        awaitSocket(socket, pid, folder);
        return pid;
    }

    /** Whether {@code pid} is a live file server. */
    static boolean alive(long pid) {
        return handle(pid).isPresent();
    }

    /** Stops the file server with this pid, if it still runs. */
    static void stop(long pid) {
        handle(pid).ifPresent(h -> {
            h.destroy();
            if (!Processes.awaitEnd(pid, Duration.ofSeconds(2))) h.destroyForcibly();
        });
    }

    private static Optional<ProcessHandle> handle(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> Arrays.stream(FileServerProgram.values()).anyMatch(p -> p.runs(h)));
    }

    private static void awaitSocket(Path socket, long pid, SharedFolderSpec folder) throws IOException {
        long deadline = System.nanoTime() + SOCKET_WAIT.toNanos();
        while (!Files.exists(socket)) {
            if (!Processes.running(pid)) {
                throw new IOException("the file server for " + folder.hostPath() + " exited; see "
                        + socket.resolveSibling("virtiofsd.log"));
            }
            if (System.nanoTime() > deadline) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                throw new IOException("the file server for " + folder.hostPath() + " did not open its socket within "
                        + SOCKET_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                throw new IOException("interrupted while the file server was starting", e);
            }
        }
    }
}
