package dev.berth.vm.internal;

import dev.berth.api.daemon.Daemon;
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
import dev.berth.vm.internal.guest.DaemonJsonKeys;
import dev.berth.vm.internal.guest.GuestContributions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Runs Berth's VM: offers it as a service, queues starts and stops on its lifecycle thread (the
 * {@link StartSequence}, the {@link StopSequence} and the {@link CrashRestarts} do the work), and reattaches to a VM
 * an earlier daemon left running.
 */
@Component(service = {VirtualMachine.class, GuestChannel.class, StatusProvider.class, VmManager.class}, immediate = true,
        configurationPid = "berth.vm")
public final class VmManager implements VirtualMachine, GuestChannel, StatusProvider {
    /** Framework property set when the daemon was launched to run the VM: it starts as soon as this component runs. */
    static final String START_PROPERTY = "berth.vm.start";
    private final VmFiles files;
    private final HypervisorChoice hypervisors;
    private final VmState state;
    private final Lifecycle lifecycle = new Lifecycle();
    private volatile VmConfig config;
    /** The machine that runs now, or null. */
    private final AtomicReference<MachineLauncher.Launched> running = new AtomicReference<>();
    /** The guest agent of the running machine, for the clock and the disks. */
    private final GuestHousekeeping guest;
    private final StateKeeper keeper;
    private final IdleWatch idle;
    private final SettingsBarrier settingsBarrier;
    /** How the host reaches the guest's engine: the port relay's socket, else TLS. */
    private final EngineRoute engine;
    private final StartQueue queue;
    private final StopSequence stops;
    /** How long a client's request waits for the guest clock's step after a restore or a pause. */
    private static final Duration CLOCK_WAIT = Duration.ofSeconds(3);

    /** Reattaches, in the background, to a VM that an earlier daemon left running. */
    @Activate
    public VmManager(@Reference Daemon daemon, @Reference ImageService images, @Reference HypervisorChoice hypervisors,
                     @Reference VmState state, @Reference(service = LoggerFactory.class) Logger log, VmConfig config,
                     BundleContext context, @Reference Settings settings, Map<String, Object> properties,
                     @Reference GuestContributions contributions) {
        this.settingsBarrier = new SettingsBarrier(settings, List.of("vm"), VmConfig.class);
        settingsBarrier.delivered(properties);
        this.files = new VmFiles(daemon.home());
        this.engine = new EngineRoute(context, files.consoleLog(), log);
        this.hypervisors = hypervisors;
        ConfigArchive.DaemonJson daemonJson = () -> ConfigArchive.daemonJson(DaemonJsonKeys.merge(contributions.current()));
        MachineLauncher launcher = new MachineLauncher(files, images, daemonJson);
        this.state = state;
        this.config = config;
        this.keeper = new StateKeeper(files, launcher, daemonJson, log);
        this.idle = new IdleWatch(log);
        this.guest = new GuestHousekeeping(log);
        EngineHealth health = new EngineHealth(log,
                () -> Duration.ofSeconds(Math.max(1, this.config.engineCheckSeconds())), state::note, state::unnote);
        VmParts parts = new VmParts(files, log, hypervisors, launcher, keeper, state, lifecycle, engine, guest, idle,
                health, () -> this.config, running);
        CrashRestarts crashes = new CrashRestarts(parts, this::restartAfterCrash);
        StartSequence starts = new StartSequence(parts, settingsBarrier, contributions, crashes);
        this.queue = new StartQueue(parts, starts);
        this.stops = new StopSequence(parts, context);
        lifecycle.execute(starts::reattach);
        if (Boolean.parseBoolean(context.getProperty(START_PROPERTY))) {
            // whether a saved state fits depends on the image the spec gives: read the spec meanwhile
            Thread.ofVirtual().name("berth-spec-read").start(images::cached);
            lifecycle.execute(queue::startEarly);
        }
        lifecycle.every(RunningChecks.PERIOD, new RunningChecks(parts));
    }

    /** Takes new settings; CPU, memory and disk changes apply at the next start. */
    @Modified
    void modified(VmConfig updated, Map<String, Object> properties) {
        settingsBarrier.delivered(properties);
        VmConfig old = config;
        config = updated;
        if (running.get() != null && (old.cpus() != updated.cpus() || old.memoryMiB() != updated.memoryMiB()
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

    @Override
    public void start(ProgressListener progress) throws IOException {
        queue.start(progress);
    }

    /** Runs on the lifecycle thread, only after a machine was adopted by a step queued once the queue was set. */
    private void restartAfterCrash() {
        queue.restartAfterCrash();
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
            stops.run(Duration.ZERO, false);
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
        lifecycle.runAndWait(() -> stops.run(timeout, save));
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
        MachineLauncher.Launched l = running.get();
        if (l == null) return Optional.empty();
        var spec = l.machine().spec();
        long disk = files.dataDisk().toFile().length();
        return Optional.of(new VmInfo(hypervisors.nameOf(l.machine()), l.machine().accelerator(), l.machine().pid(),
                l.machine().startedAt(), spec.cpus(), spec.memoryMiB(), disk, l.record().imageHash()));
    }

    @Override
    public Optional<Machine> machine() {
        MachineLauncher.Launched l = running.get();
        return l == null ? Optional.empty() : Optional.of(l.machine());
    }

    @Override
    public Path consoleLog() {
        return files.consoleLog();
    }

    @Override
    public Optional<GuestEndpoint> docker() {
        MachineLauncher.Launched l = running.get();
        State s = state.get();
        return l != null && (s == State.RUNNING || s == State.STOPPING) ? Optional.of(engine.of(l)) : Optional.empty();
    }

    /**
     * Clients get the engine only while the VM runs (a stopping VM is being saved or shut down), and once the guest
     * clock is right.
     */
    @Override
    public Optional<GuestEndpoint> dockerForClient() {
        clientsConnected();
        guest.awaitClock(CLOCK_WAIT);
        return state.get() == State.RUNNING ? docker() : Optional.empty();
    }

    /** A client's activity: resumes the VM if the idle watch paused it, and begins stepping the guest clock. */
    @Override
    public void clientsConnected() {
        MachineLauncher.Launched l = running.get();
        if (l != null && idle.wake(l)) guest.stepClockSoon();
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
        return running.get() == null ? Optional.empty() : guest.agent();
    }

    @Override
    public SubsystemStatus status() {
        MachineLauncher.Launched l = running.get();
        return VmStatus.of(state, info(), l, l == null ? null : engine.of(l), config, hypervisors, keeper.lastBoot(),
                idle.paused());
    }
}
