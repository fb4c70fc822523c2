package dev.berth.hypervisor.qemu.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.hypervisor.Accelerator;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.api.hypervisor.SharedFolders;
import dev.berth.api.hypervisor.Suspension;
import dev.berth.api.hypervisor.UserNetwork;
import dev.berth.hypervisor.qemu.internal.files.QemuFiles;
import dev.berth.hypervisor.qemu.internal.migration.QemuSuspension;
import dev.berth.hypervisor.qemu.internal.net.SlirpNetwork;
import dev.berth.hypervisor.qemu.internal.qmp.QmpClient;
import dev.berth.hypervisor.qemu.internal.virtiofs.FileServerProgram;
import dev.berth.hypervisor.qemu.internal.virtiofs.QemuSharedFolders;
import dev.berth.nativeio.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A QEMU process that runs one machine, controlled over QMP. */
final class QemuMachine implements Machine {
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(10);
    /** How long QEMU may take to end after closing its control connection before the JDK's slow check is left to it. */
    private static final Duration EXIT_WATCH = Duration.ofSeconds(30);
    private final MachineSpec spec;
    private final long pid;
    private final Accelerator accelerator;
    private final Instant startedAt;
    private final QmpClient qmp;
    private final QemuSharedFolders sharedFolders;
    private final CompletableFuture<String> exited = new CompletableFuture<>();
    private volatile String shutdownReason;

    QemuMachine(MachineSpec spec, long pid, Accelerator accelerator, FileServerProgram fileServer, QmpClient qmp) {
        this.spec = spec;
        this.pid = pid;
        this.accelerator = accelerator;
        this.qmp = qmp;
        QemuFiles files = new QemuFiles(spec.runDir());
        this.sharedFolders = new QemuSharedFolders(qmp, files, fileServer);
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        this.startedAt = process.flatMap(p -> p.info().startInstant()).orElse(Instant.now());
        qmp.onEvent(this::event);
        if (process.isEmpty()) {
            exited.complete("QEMU (pid " + pid + ") was already gone");
        } else {
            // The JDK checks a process that is not its child (QEMU daemonizes) every 0.3 s at first and up to every
            // 5 s later, and counts it alive until it is reaped; QEMU closes its control connection as it ends, so
            // from then on wait for its end in the kernel, which sees it the moment QEMU exits.
            process.get().onExit().thenRun(() -> ended(files));
            qmp.onDisconnect(() -> Thread.ofVirtual().name("berth-qemu-exit").start(() -> awaitEnd(files)));
        }
    }

    /** Waits for the process's end for a while after QEMU closed its control connection. */
    private void awaitEnd(QemuFiles files) {
        if (Processes.awaitEnd(pid, EXIT_WATCH)) ended(files);
    }

    private void ended(QemuFiles files) {
        if (exited.isDone()) return;
        forgetFolders(files);
        exited.complete(exitReason());
    }

    private void event(JsonNode event) {
        if ("SHUTDOWN".equals(event.path("event").asText())) {
            JsonNode data = event.path("data");
            shutdownReason = data.path("guest").asBoolean() ? "the guest powered off (" + data.path("reason").asText() + ")"
                    : "QEMU was asked to stop (" + data.path("reason").asText() + ")";
        }
    }

    /** The file servers end with QEMU; their records go too. */
    private static void forgetFolders(QemuFiles files) {
        try {
            QemuSharedFolders.forgetAll(files);
        } catch (IOException e) {
            // the next launch clears them
        }
    }

    private String exitReason() {
        String reason = shutdownReason;
        return reason != null ? reason : "QEMU (pid " + pid + ") exited unexpectedly: it was killed or crashed";
    }

    @Override
    public MachineSpec spec() {
        return spec;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public Accelerator accelerator() {
        return accelerator;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public boolean isAlive() {
        return !exited.isDone() && Processes.running(pid);
    }

    @Override
    public CompletableFuture<String> exited() {
        return exited;
    }

    @Override
    public void powerdown() throws IOException {
        qmp.execute("system_powerdown", Map.of(), QMP_TIMEOUT);
    }

    @Override
    public void kill() {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Override
    public boolean shutdown(Duration timeout) {
        if (!isAlive()) return true;
        try {
            powerdown();
            exited.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (IOException | TimeoutException | java.util.concurrent.ExecutionException e) {
            kill();
            try {
                exited.get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // it is gone or will be
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            return false;
        }
    }

    @Override
    public Optional<UserNetwork> userNetwork() {
        return spec.nics().isEmpty() ? Optional.empty() : Optional.of(new SlirpNetwork(qmp, spec.nics().getFirst().id()));
    }

    @Override
    public long residentBytes() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(-1L);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public Optional<Suspension> suspension() {
        return Optional.of(new QemuSuspension(qmp, exited));
    }

    @Override
    public Optional<SharedFolders> sharedFolders() {
        return Optional.of(sharedFolders);
    }

    /** The QMP connection, for backend-specific operations. */
    QmpClient qmp() {
        return qmp;
    }
}
