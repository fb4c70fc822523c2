package dev.berth.platform.itest;

import dev.berth.api.hypervisor.Accelerator;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.api.hypervisor.Suspension;
import dev.berth.api.hypervisor.UserNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A machine of {@link ItestBackend} with no process behind it: alive until shut down, never paused, and unable to
 * save its state (the tests stop before that, through a participant's veto).
 */
final class ItestMachine implements Machine, Suspension {
    private final MachineSpec spec;
    private final Instant startedAt = Instant.now();
    private final CompletableFuture<String> exited = new CompletableFuture<>();

    ItestMachine(MachineSpec spec) {
        this.spec = spec;
    }

    @Override
    public MachineSpec spec() {
        return spec;
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public Accelerator accelerator() {
        return Accelerator.TCG;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public boolean isAlive() {
        return !exited.isDone();
    }

    @Override
    public CompletableFuture<String> exited() {
        return exited;
    }

    @Override
    public void powerdown() {
        exited.complete("powered down");
    }

    @Override
    public void kill() {
        exited.complete("killed");
    }

    @Override
    public boolean shutdown(Duration timeout) {
        return exited.complete("shut down");
    }

    @Override
    public Optional<UserNetwork> userNetwork() {
        return Optional.empty();
    }

    @Override
    public long residentBytes() {
        return -1;
    }

    @Override
    public Optional<Suspension> suspension() {
        return Optional.of(this);
    }

    @Override
    public void pause() {
    }

    @Override
    public void resume() {
    }

    @Override
    public boolean paused() {
        return false;
    }

    @Override
    public void saveAndQuit(Path stateFile, Duration timeout) throws IOException {
        throw new IOException("a machine of the test backend cannot be saved");
    }
}
