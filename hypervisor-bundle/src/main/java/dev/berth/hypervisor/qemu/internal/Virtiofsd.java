package dev.berth.hypervisor.qemu.internal;

import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.api.hypervisor.SharedFolderSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts one virtiofsd per shared folder before QEMU, each on its own vhost-user socket. */
final class Virtiofsd {
    static final Path BINARY = Path.of("/usr/lib/qemu/virtiofsd");
    private static final Duration SOCKET_WAIT = Duration.ofSeconds(10);

    private Virtiofsd() {
    }

    /** Starts a virtiofsd for every shared folder of the spec and waits for their sockets. */
    static void startAll(MachineSpec spec, QemuFiles files) throws IOException {
        if (spec.sharedFolders().isEmpty()) return;
        if (!Files.isExecutable(BINARY)) {
            throw new IOException("file sharing needs " + BINARY + "; install it with: sudo apt-get install qemu-system-common");
        }
        stopAll(spec, files);
        for (int i = 0; i < spec.sharedFolders().size(); i++) {
            SharedFolderSpec share = spec.sharedFolders().get(i);
            Path socket = files.virtiofsSocket(i);
            Files.deleteIfExists(socket);
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/setsid", BINARY.toString(),
                    "--socket-path=" + socket, "-o", "source=" + share.hostPath(), "-o", "cache=auto",
                    "-o", "xattr", "--thread-pool-size=4"));
            if (share.readOnly()) cmd.addAll(List.of("-o", "readonly"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.runDir().resolve("virtiofsd.log").toFile()))
                    .start();
            Files.writeString(files.virtiofsPid(i), Long.toString(p.pid()));
            awaitSocket(socket, p, share);
        }
    }

    /** Stops the virtiofsd processes recorded in the run folder. */
    static void stopAll(MachineSpec spec, QemuFiles files) throws IOException {
        for (int i = 0; i < spec.sharedFolders().size(); i++) {
            Path pidFile = files.virtiofsPid(i);
            if (!Files.exists(pidFile)) continue;
            try {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle.of(pid).filter(h -> h.info().command().map(c -> c.contains("virtiofsd")).orElse(false))
                        .ifPresent(ProcessHandle::destroy);
            } catch (NumberFormatException e) {
                // a broken pid file: nothing to stop
            }
            Files.deleteIfExists(pidFile);
        }
    }

    private static void awaitSocket(Path socket, Process p, SharedFolderSpec share) throws IOException {
        long deadline = System.nanoTime() + SOCKET_WAIT.toNanos();
        while (!Files.exists(socket)) {
            if (!p.isAlive()) {
                throw new IOException("virtiofsd for " + share.hostPath() + " exited with code " + p.exitValue());
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("virtiofsd for " + share.hostPath() + " did not open its socket");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
