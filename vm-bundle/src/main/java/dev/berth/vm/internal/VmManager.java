package dev.berth.vm.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.settings.Settings;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.api.vm.GuestAgent;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.GuestEndpoint;
import dev.berth.api.vm.ProgressListener;
import dev.berth.api.vm.VirtualMachine;
import dev.berth.api.vm.VmInfo;
import dev.berth.vm.internal.guest.GuestAssembly;
import dev.berth.vm.internal.guest.GuestContributions;
import dev.berth.vm.internal.tls.TlsWarmup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Reference;

import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Runs Berth's VM: starts it (building the image first when needed), waits until the engine answers, restarts it
 * with backoff when it dies, stops it in an orderly way, and reattaches to a VM an earlier daemon left running.
 */
@Component(service = {VirtualMachine.class, GuestChannel.class, StatusProvider.class, VmManager.class}, immediate = true,
        configurationPid = "berth.vm")
public final class VmManager implements VirtualMachine, GuestChannel, StatusProvider {
    /** Framework property set when the daemon was launched to run the VM: it starts as soon as this component runs. */
    static final String START_PROPERTY = "berth.vm.start";
    /** How long a start or a reattach at daemon start waits for a hypervisor backend to register. */
    private static final Duration HYPERVISOR_WAIT = Duration.ofSeconds(10);
    /** How long a start waits for the bundles that contribute to the guest (the engine's starts at a later level). */
    private static final Duration CONTRIBUTIONS_WAIT = Duration.ofSeconds(20);
    private final VmFiles files;
    private final Logger log;
    private final HypervisorChoice hypervisors;
    private final MachineLauncher launcher;
    private final VmState state;
    private final CrashPolicy crashes = new CrashPolicy();
    private final Lifecycle lifecycle = new Lifecycle();
    private volatile VmConfig config;
    private volatile MachineLauncher.Launched running;
    /** The guest agent of the running machine, for the clock and the disks. */
    private final GuestHousekeeping guest;
    private StartJob job;
    private final StateKeeper keeper;
    private final IdleWatch idle;
    /** Notices an engine that stops answering while the VM runs. */
    private final EngineHealth health;
    /** For the save participants, looked up when a save begins (see {@link SaveParticipants}). */
    private final BundleContext context;
    private final SettingsBarrier settingsBarrier;
    private final GuestContributions contributions;
    /** How the host reaches the guest's engine: the port relay's socket, else TLS. */
    private final EngineRoute engine;

    /** Reattaches, in the background, to a VM that an earlier daemon left running. */
    @Activate
    public VmManager(@Reference Daemon daemon, @Reference ImageService images, @Reference HypervisorChoice hypervisors,
                     @Reference VmState state, @Reference(service = LoggerFactory.class) Logger log, VmConfig config,
                     BundleContext context, @Reference Settings settings, Map<String, Object> properties,
                     @Reference GuestContributions contributions) {
        this.context = context;
        this.settingsBarrier = new SettingsBarrier(settings, List.of("vm"), VmConfig.class);
        this.contributions = contributions;
        settingsBarrier.delivered(properties);
        this.files = new VmFiles(daemon.home());
        this.engine = new EngineRoute(context, files.consoleLog(), log);
        this.log = log;
        this.hypervisors = hypervisors;
        ConfigArchive.DaemonJson daemonJson = () -> ConfigArchive.daemonJson(GuestAssembly.daemonJson(contributions.current()));
        this.launcher = new MachineLauncher(files, images, daemonJson);
        this.state = state;
        this.config = config;
        this.keeper = new StateKeeper(files, launcher, daemonJson, log);
        this.idle = new IdleWatch(log);
        this.guest = new GuestHousekeeping(log);
        this.health = new EngineHealth(log, EngineHealth.INTERVAL, state::note, state::unnote);
        lifecycle.execute(this::reattach);
        if (Boolean.parseBoolean(context.getProperty(START_PROPERTY))) {
            // whether a saved state fits depends on the image the spec gives: read the spec meanwhile
            Thread.ofVirtual().name("berth-spec-read").start(images::cached);
            lifecycle.execute(this::startEarly);
        }
        lifecycle.every(Duration.ofSeconds(5), () -> {
            MachineLauncher.Launched l = running;
            if (state.get() != State.RUNNING || l == null) return;
            idle.check(l, engine.of(l), this.config.idlePauseSeconds());
            if (!idle.paused()) health.check(() -> engine.answers(l), () -> ConsoleTail.last(files.consoleLog(), 15));
        });
    }

    /** Takes new settings; CPU, memory and disk changes apply at the next start. */
    @Modified
    void modified(VmConfig updated, Map<String, Object> properties) {
        settingsBarrier.delivered(properties);
        VmConfig old = config;
        config = updated;
        if (running != null && (old.cpus() != updated.cpus() || old.memoryMiB() != updated.memoryMiB()
                || old.diskGiB() != updated.diskGiB() || !old.kernelArgs().equals(updated.kernelArgs()))) {
            state.note("settings changed: restart the VM to apply them (berth vm restart)");
        }
    }

    /** Lets the VM run on without this daemon. */
    @Deactivate
    void deactivate() {
        lifecycle.shutdown();
        engine.close();
        guest.close();
    }

    private void reattach() {
        hypervisors.awaitAny(HYPERVISOR_WAIT);
        try {
            Optional<MachineLauncher.Launched> found = launcher.reattach(hypervisors.choose(config.hypervisor()));
            if (found.isEmpty()) return;
            log.info("the VM from an earlier daemon still runs (pid {}); reattached", found.get().machine().pid());
            adopt(found.get());
            guest.resumeIfPaused(found.get().machine());
            state.set(State.STARTING, "reattached; waiting for the engine");
            engine.await(found.get());
            state.set(State.RUNNING, "");
        } catch (IOException e) {
            log.warn("could not reattach to the VM: {}", e.getMessage());
        }
    }

    /**
     * Begins a start without anyone waiting (a later {@link #start} joins it), unless a VM an earlier daemon left
     * runs: launched by {@code berth start}, the daemon thus resumes or boots the VM while its other bundles start.
     */
    private void startEarly() {
        synchronized (this) {
            if (running != null || job != null) return;
            job = new StartJob();
            StartJob started = job;
            lifecycle.execute(() -> runStart(started));
        }
    }

    @Override
    public void start(ProgressListener progress) throws IOException {
        StartJob current;
        synchronized (this) {
            lifecycle.want(true);
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
        long t0 = System.nanoTime();
        try {
            if (!lifecycle.wanted()) {
                started.fail(new IOException("the VM was stopped before its start began"));
                return;
            }
            MachineLauncher.Launched current = running;
            if (current != null && current.machine().isAlive()) {
                guest.resumeIfPaused(current.machine());
                started.progress("engine", -1, "the VM already runs; waiting for the Docker Engine");
                engine.await(current);
                state.set(State.RUNNING, "");
                started.succeed();
                return;
            }
            state.set(State.STARTING, "");
            if (!settingsBarrier.await(10_000)) {
                log.warn("starting the VM before the settings file's values arrived ({})",
                        settingsBarrier.difference().orElse("now they have"));
            }
            hypervisors.awaitAny(HYPERVISOR_WAIT);
            Hypervisor hypervisor = hypervisors.choose(config.hypervisor());
            // whether a saved state fits, and which image to boot, depend on every contribution
            List<String> missing = contributions.await(CONTRIBUTIONS_WAIT);
            if (!missing.isEmpty()) {
                log.warn("starting the VM without the guest contributions of {}: they did not register within {} s",
                        missing, CONTRIBUTIONS_WAIT.toSeconds());
            }
            if (keeper.hasState() && !engine.relayOffered()) {
                GuestEndpoint credentials = launcher.endpoint(0);
                Thread.ofVirtual().name("berth-tls-warmup").start(() -> TlsWarmup.run(credentials));
            }
            Optional<MachineLauncher.Launched> restored = keeper.restore(hypervisor, config);
            MachineLauncher.Launched launched;
            if (restored.isPresent()) {
                launched = restored.get();
                adopt(launched);
                started.progress("boot", 1, keeper.lastBoot());
                Thread.ofVirtual().name("berth-clock").start(guest::syncClock); // off the path to engine ready
            } else {
                launched = launcher.launch(hypervisor, config, started, state::note);
                adopt(launched);
            }
            started.progress("engine", -1, "waiting for the Docker Engine");
            engine.await(launched);
            idle.reset();
            state.set(State.RUNNING, "");
            log.info("the Docker Engine is ready {} ms after the VM's start began ({})",
                    (System.nanoTime() - t0) / 1_000_000, keeper.lastBoot());
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
        idle.reset();
        health.reset();
        guest.attach(files.agentSocket());
        launched.machine().exited().thenAccept(reason -> lifecycle.execute(() -> exited(launched, reason)));
    }

    private void exited(MachineLauncher.Launched launched, String reason) {
        if (running != launched) return;
        running = null;
        if (!lifecycle.wanted()) {
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
        lifecycle.schedule(this::restartAfterCrash, delay.get());
    }

    /** Runs on the lifecycle thread, so it starts directly rather than through {@link #start}. */
    private void restartAfterCrash() {
        StartJob restart;
        synchronized (this) {
            if (job != null || running != null || !lifecycle.wanted()) return;
            job = new StartJob();
            restart = job;
        }
        runStart(restart);
        if (state.get() == State.RUNNING) log.info("the VM is running again");
    }

    @Override
    public void stop(Duration timeout) {
        stop(timeout, true);
    }

    @Override
    public void stop() {
        stop(shutdownTimeout());
    }

    @Override
    public void powerOff() {
        lifecycle.want(false);
        lifecycle.runAndWait(() -> {
            stopNow(Duration.ZERO, false);
            keeper.discard();
        });
    }

    /** A restart boots afresh: it never resumes the state of the VM it stops. */
    @Override
    public void restart(ProgressListener progress) throws IOException {
        stop(shutdownTimeout(), false);
        start(progress);
    }

    /** Stops the VM, saving its state first when {@code save} and the settings allow, after any start queued before. */
    void stop(Duration timeout, boolean save) {
        lifecycle.want(false);
        lifecycle.runAndWait(() -> stopNow(timeout, save));
    }

    /** Runs on the lifecycle thread, so no start or crash restart runs meanwhile. */
    private void stopNow(Duration timeout, boolean save) {
        MachineLauncher.Launched launched = running;
        if (launched == null) {
            state.set(State.STOPPED, "");
            return;
        }
        state.set(State.STOPPING, "");
        if (save) {
            if (idle.wake(launched)) guest.syncClock();
            Optional<String> notSaved = SaveParticipants.with(context, log,
                    list -> keeper.save(launched, config, list, guest::flush, timeout));
            if (notSaved.isEmpty()) {
                running = null;
                state.set(State.STOPPED, "its state is saved: the next start resumes it");
                return;
            }
            log.info("shutting the VM down without saving its state: {}", notSaved.get());
        }
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
        State s = state.get();
        return l != null && (s == State.RUNNING || s == State.STOPPING) ? Optional.of(engine.of(l)) : Optional.empty();
    }

    /** Clients get the engine only while the VM runs: a stopping VM is being saved or shut down. */
    @Override
    public Optional<GuestEndpoint> dockerForClient() {
        MachineLauncher.Launched l = running;
        if (l != null && idle.wake(l)) lifecycle.execute(guest::syncClock);
        return state.get() == State.RUNNING ? docker() : Optional.empty();
    }

    /** Whether the idle VM is paused. */
    boolean idlePaused() {
        return idle.paused();
    }

    /** How the last start booted. */
    String lastBoot() {
        return keeper.lastBoot();
    }

    @Override
    public Optional<GuestAgent> agent() {
        return running == null ? Optional.empty() : guest.agent();
    }

    @Override
    public SubsystemStatus status() {
        MachineLauncher.Launched l = running;
        return VmStatus.of(state, info(), l, l == null ? null : engine.of(l), config, hypervisors, keeper.lastBoot(),
                idle.paused());
    }
}
