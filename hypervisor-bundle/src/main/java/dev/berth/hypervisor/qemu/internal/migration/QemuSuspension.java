package dev.berth.hypervisor.qemu.internal.migration;

import dev.berth.api.hypervisor.Suspension;
import dev.berth.hypervisor.qemu.internal.qmp.QmpClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Pauses, resumes and saves a QEMU machine over QMP. */
public final class QemuSuspension implements Suspension {
    private static final Duration QMP = Duration.ofSeconds(10);
    private final QmpClient qmp;
    private final CompletableFuture<String> exited;

    public QemuSuspension(QmpClient qmp, CompletableFuture<String> exited) {
        this.qmp = qmp;
        this.exited = exited;
    }

    @Override
    public void pause() throws IOException {
        qmp.execute("stop", Map.of(), QMP);
    }

    @Override
    public void resume() throws IOException {
        qmp.execute("cont", Map.of(), QMP);
    }

    @Override
    public boolean paused() throws IOException {
        return !qmp.execute("query-status", Map.of(), QMP).path("running").asBoolean(true);
    }

    @Override
    public void saveAndQuit(Path stateFile, Duration timeout) throws IOException {
        SavedStates.save(qmp, stateFile, timeout);
        try {
            qmp.execute("quit", Map.of(), QMP);
        } catch (IOException e) {
            // QEMU may close the connection before it answers
        }
        try {
            exited.get(QMP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("QEMU saved the machine but did not exit within " + QMP.toSeconds() + " s", e);
        }
    }
}
