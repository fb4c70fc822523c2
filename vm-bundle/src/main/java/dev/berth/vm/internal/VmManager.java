package dev.berth.vm.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.api.vm.GuestAgent;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.GuestEndpoint;
import dev.berth.api.vm.ProgressListener;
import dev.berth.api.vm.VirtualMachine;
import dev.berth.api.vm.VmInfo;
import dev.berth.vm.internal.agent.GuestAgentClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Runs Berth's VM: starts it (building the image first when needed), waits until the engine answers, restarts it
 * with backoff when it dies, stops it in an orderly way, and reattaches to a VM an earlier daemon left running.
 */
@Component(service = {VirtualMachine.class, GuestChannel.class, StatusProvider.class, VmManager.class}, immediate = true,
        configurationPid = {"berth.vm", "berth.engine"})
public final class VmManager implements VirtualMachine, GuestChannel, StatusProvider {
    private static final Duration ENGINE_TIMEOUT = Duration.ofMinutes(5);
    private final VmFiles files;
    private final Logger log;
    private final HypervisorChoice hypervisors;
    private final MachineLauncher launcher;
    private final VmState state;
    private final CrashPolicy crashes = new CrashPolicy();
    private final ScheduledExecutorService lifecycle = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("berth-vm").unstarted(r));
    private volatile VmConfig config;
    private volatile MachineLauncher.Launched running;
    private volatile GuestAgentClient agent;
    private StartJob job;
    private volatile boolean stopping;

    /** Reattaches, in the background, to a VM that an earlier daemon left running. */
    @Activate
    public VmManager(@Reference Daemon daemon, @Reference ImageService images, @Reference HypervisorChoice hypervisors,
                     @Reference VmState state, @Reference(service = LoggerFactory.class) Logger log, VmConfig config) {
        this.files = new VmFiles(daemon.home());
        this.log = log;
        this.hypervisors = hypervisors;
        this.launcher = new MachineLauncher(files, images);
        this.state = state;
        this.config = config;
        lifecycle.execute(this::reattach);
    }

    /** Takes new settings; CPU, memory and disk changes apply at the next start. */
    @Modified
    void modified(VmConfig updated) {
        VmConfig old = config;
        config = updated;
        if (running != null && (old.cpus() != updated.cpus() || old.memoryMiB() != updated.memoryMiB()
                || old.diskGiB() != updated.diskGiB() || !old.kernelArgs().equals(updated.kernelArgs())
                || !old.daemonJson().equals(updated.daemonJson()))) {
            state.note("settings changed: restart the VM to apply them (berth vm restart)");
        }
    }

    /** Lets the VM run on without this daemon. */
    @Deactivate
    void deactivate() {
        lifecycle.shutdownNow();
        GuestAgentClient a = agent;
        if (a != null) a.close();
    }

    private void reattach() {
        try {
            Optional<MachineLauncher.Launched> found = launcher.reattach(hypervisors.choose(config.hypervisor()));
            if (found.isEmpty()) return;
            log.info("the VM from an earlier daemon still runs (pid {}); reattached", found.get().machine().pid());
            adopt(found.get());
            state.set(State.STARTING, "reattached; waiting for the engine");
            awaitEngine(found.get(), ProgressListener.NONE);
            state.set(State.RUNNING, "");
        } catch (IOException e) {
            log.warn("could not reattach to the VM: {}", e.getMessage());
        }
    }

    @Override
    public void start(ProgressListener progress) throws IOException {
        StartJob current;
        synchronized (this) {
            if (state.get() == State.RUNNING && running != null && running.machine().isAlive()) return;
            if (job == null) {
                job = new StartJob();
                StartJob started = job;
                lifecycle.execute(() -> runStart(started));
            }
            current = job;
        }
        current.listen(progress);
        current.await();
    }

    private void runStart(StartJob started) {
        stopping = false;
        try {
            MachineLauncher.Launched current = running;
            if (current != null && current.machine().isAlive()) {
                started.progress("engine", -1, "the VM already runs; waiting for the Docker Engine");
                awaitEngine(current, started);
                state.set(State.RUNNING, "");
                started.succeed();
                return;
            }
            state.set(State.STARTING, "");
            Hypervisor hypervisor = hypervisors.choose(config.hypervisor());
            MachineLauncher.Launched launched = launcher.launch(hypervisor, config, started, state::note);
            adopt(launched);
            started.progress("engine", -1, "waiting for the Docker Engine");
            awaitEngine(launched, started);
            state.set(State.RUNNING, "");
            started.progress("engine", 1, "the Docker Engine is ready");
            started.succeed();
        } catch (IOException e) {
            log.error("the VM did not start: {}", e.getMessage());
            state.set(State.FAILED, e.getMessage());
            started.fail(e);
        } catch (RuntimeException | LinkageError e) {
            log.error("the VM did not start: {}", e.toString(), e);
            state.set(State.FAILED, e.toString());
            started.fail(new IOException("the VM did not start: " + e, e));
        } finally {
            synchronized (this) {
                job = null;
            }
        }
    }

    private void adopt(MachineLauncher.Launched launched) {
        running = launched;
        agent = new GuestAgentClient(files.agentSocket());
        launched.machine().exited().thenAccept(reason -> lifecycle.execute(() -> exited(launched, reason)));
    }

    private void awaitEngine(MachineLauncher.Launched launched, ProgressListener progress) throws IOException {
        long deadline = System.nanoTime() + ENGINE_TIMEOUT.toNanos();
        try (EnginePing ping = new EnginePing(launched.endpoint())) {
            while (!ping.ok()) {
                if (!launched.machine().isAlive()) {
                    throw new IOException("the VM stopped while booting: " + launched.machine().exited().getNow("?")
                            + ". Last console lines:\n" + ConsoleTail.last(files.consoleLog(), 15));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the Docker Engine did not answer within " + ENGINE_TIMEOUT.toMinutes()
                            + " minutes. Last console lines:\n" + ConsoleTail.last(files.consoleLog(), 15));
                }
                sleep(250);
            }
        }
    }

    private void exited(MachineLauncher.Launched launched, String reason) {
        if (running != launched) return;
        running = null;
        if (stopping) {
            state.set(State.STOPPED, "");
            return;
        }
        log.error("the VM stopped unexpectedly: {}", reason);
        Optional<Duration> delay = crashes.next();
        if (delay.isEmpty()) {
            state.set(State.FAILED, reason + "; gave up restarting after " + CrashPolicy.LIMIT + " crashes");
            return;
        }
        state.set(State.FAILED, reason + "; restarting in " + delay.get().toSeconds() + " s");
        lifecycle.schedule(this::restartAfterCrash, delay.get().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs on the lifecycle thread, so it starts directly rather than through {@link #start}. */
    private void restartAfterCrash() {
        StartJob restart;
        synchronized (this) {
            if (job != null || running != null || stopping) return;
            job = new StartJob();
            restart = job;
        }
        runStart(restart);
        if (state.get() == State.RUNNING) log.info("the VM is running again");
    }

    @Override
    public void stop(Duration timeout) {
        stopping = true;
        StartJob starting;
        synchronized (this) {
            starting = job;
        }
        if (starting != null) {
            try {
                starting.await();
            } catch (IOException e) {
                // it failed: nothing more to stop than what runs
            }
        }
        MachineLauncher.Launched launched = running;
        if (launched == null) {
            state.set(State.STOPPED, "");
            return;
        }
        state.set(State.STOPPING, "");
        boolean clean = launched.machine().shutdown(timeout);
        if (!clean) log.warn("the VM did not power off within {} s and was killed", timeout.toSeconds());
        running = null;
        state.set(State.STOPPED, clean ? "" : "the last stop had to kill the VM");
    }

    /** The shutdown timeout from the settings. */
    Duration shutdownTimeout() {
        return Duration.ofSeconds(config.shutdownSeconds());
    }

    @Override
    public State state() {
        return state.get();
    }

    @Override
    public Optional<VmInfo> info() {
        MachineLauncher.Launched l = running;
        if (l == null) return Optional.empty();
        var spec = l.machine().spec();
        long disk = files.dataDisk().toFile().length();
        return Optional.of(new VmInfo(hypervisors.nameOf(l.machine()), l.machine().accelerator(), l.machine().pid(),
                l.machine().startedAt(), spec.cpus(), spec.memoryMiB(), disk, l.record().imageHash()));
    }

    @Override
    public Optional<Machine> machine() {
        MachineLauncher.Launched l = running;
        return l == null ? Optional.empty() : Optional.of(l.machine());
    }

    @Override
    public Path consoleLog() {
        return files.consoleLog();
    }

    @Override
    public Optional<GuestEndpoint> docker() {
        MachineLauncher.Launched l = running;
        return l != null && state.get() == State.RUNNING ? Optional.of(l.endpoint()) : Optional.empty();
    }

    @Override
    public Optional<GuestAgent> agent() {
        return running == null ? Optional.empty() : Optional.ofNullable(agent);
    }

    @Override
    public SubsystemStatus status() {
        return VmStatus.of(state, info(), running, config, hypervisors);
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
