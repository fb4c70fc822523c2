package dev.berth.filesharing.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.files.FileShares;
import dev.berth.api.files.Share;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.SharedFolders;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusEvents;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.api.vm.GuestAgent;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.SaveParticipant;
import dev.berth.api.vm.VirtualMachine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Shares the configured host folders into the running VM at the same path (virtiofs, plugged in while the VM
 * runs) and carries host file changes into the guest; applies settings changes live and rechecks every 30 s.
 */
@Component(service = {FileShares.class, StatusProvider.class, EventHandler.class, FileSharingService.class,
        SaveParticipant.class},
        immediate = true, configurationPid = "berth.fileSharing", property = {
        EventConstants.EVENT_TOPIC + "=" + StatusEvents.TOPIC,
        EventConstants.EVENT_FILTER + "=(" + StatusEvents.SUBSYSTEM + "=vm)"})
@Designate(ocd = FileSharingConfig.class)
public final class FileSharingService implements FileShares, StatusProvider, EventHandler, SaveParticipant {
    /** How long a save waits for the guest to report that containers no longer mount shared folders. */
    static final long UNMOUNT_WAIT_MILLIS = 10_000;
    private final VirtualMachine vm;
    private final GuestChannel guest;
    private final ForwardingSlot forwarding;
    private final Logger log;
    private final ShareStatus status = new ShareStatus();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("berth-filesharing").unstarted(r));
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;
    private volatile List<String> configured;
    private volatile ShareSettings.Result settings;
    private volatile AppliedShares applied;
    /** The shares the last pass found mounted, and in which machine. */
    private volatile MountedShares mounted = MountedShares.NONE;
    /** The machine whose state is being saved: its shares were taken out and must stay out. */
    private volatile Machine saving;

    /** Reads the settings and mounts the shares if the VM runs. */
    @Activate
    public FileSharingService(@Reference VirtualMachine vm, @Reference GuestChannel guest, @Reference Daemon daemon,
                              @Reference(service = LoggerFactory.class) Logger log, FileSharingConfig config) {
        this.vm = vm;
        this.guest = guest;
        this.log = log;
        configure(config);
        this.forwarding = new ForwardingSlot(() -> settings.shares(), daemon.home());
        worker.scheduleWithFixedDelay(this::apply, 0, 30, TimeUnit.SECONDS);
    }

    /** Takes new settings and applies them to the running VM at once. */
    @Modified
    void modified(FileSharingConfig config) {
        configure(config);
        worker.execute(this::apply);
    }

    private void configure(FileSharingConfig config) {
        configured = List.of(config.shares());
        settings = ShareSettings.parse(config.shares(), home());
    }

    /** The home folder that {@code ~} stands for. */
    static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    /** Stops forwarding changes; the shares stay in the VM, which outlives the daemon. */
    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        forwarding.close();
    }

    @Override
    public void handleEvent(Event event) {
        worker.execute(this::apply);
    }

    /**
     * One pass over the VM. The shares are mounted as soon as the guest agent answers, while the engine still
     * starts, so that they are in place when Berth reports ready.
     */
    private void apply() {
        ShareSettings.Result wanted = settings;
        State vmState = vm.state();
        if (vmState == State.STOPPING) return; // a save may be asking which shares containers use: keep watching
        boolean starting = vmState == State.STARTING;
        Optional<Machine> machine = starting || vmState == State.RUNNING ? vm.machine() : Optional.empty();
        if (machine.isEmpty()) {
            mounted = MountedShares.NONE;
            forwarding.close();
            if (starting) worker.schedule(this::apply, 1, TimeUnit.SECONDS);
            List<String> notes = new ArrayList<>(wanted.problems());
            notes.add("the shares are mounted when the VM runs");
            status.set(State.STOPPED, String.join("; ", notes), events);
            applied = new AppliedShares(wanted.shares(), false, Optional.empty());
            return;
        }
        if (machine.get() == saving || paused(machine.get())) return;
        Optional<SharedFolders> folders = machine.get().sharedFolders();
        Optional<GuestAgent> agent = guest.agent();
        if (folders.isEmpty() || agent.isEmpty()) {
            status.set(State.FAILED, "the VM's hypervisor backend cannot share folders while the VM runs", events);
            applied = new AppliedShares(wanted.shares(), true, Optional.empty());
            return;
        }
        if (status.state() != State.RUNNING) status.set(State.STARTING, "mounting the shares", events);
        try {
            ShareReconciler.Outcome outcome = new ShareReconciler(folders.get(), new GuestMounts(agent.get()))
                    .apply(wanted.shares());
            List<String> problems = new ArrayList<>(wanted.problems());
            outcome.failures().forEach((path, why) -> problems.add(why));
            outcome.leftovers().forEach(why -> problems.add(why + "; restart the VM to remove it: berth vm restart"));
            String noEvents = forwarding.forwardTo(machine.get());
            if (noEvents != null) problems.add(noEvents);
            if (!outcome.clean()) log.warn("file sharing: {}", String.join("; ", problems));
            status.set(outcome.failures().isEmpty() ? State.RUNNING : State.FAILED, String.join("; ", problems), events);
            applied = new AppliedShares(wanted.shares(), true, Optional.of(outcome));
            mounted = MountedShares.of(machine.get().pid(), wanted.shares(), outcome);
        } catch (IOException | RuntimeException e) {
            if (starting) {
                worker.schedule(this::apply, 1, TimeUnit.SECONDS);
                return;
            }
            log.warn("file sharing: cannot reach the VM: {}", e.getMessage());
            status.set(State.FAILED, "cannot reach the VM to mount the shares: " + e.getMessage(), events);
            applied = new AppliedShares(wanted.shares(), true, Optional.empty());
        }
    }

    /**
     * A saved VM state cannot hold virtiofs devices: unmounts and unplugs every share, unless containers use one
     * (their mounts would not survive), which vetoes the save. The engine's participant, asked first, stops such
     * containers; the guest reports their mounts gone within a second or two, so this waits up to
     * {@link #UNMOUNT_WAIT_MILLIS} for that. After the restore the shares come back as usual.
     */
    @Override
    public Optional<String> beforeSave(Machine machine) {
        List<Path> used;
        try {
            used = forwarding.awaitUnmounted(UNMOUNT_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while waiting for containers to release the shared folders");
        }
        log.debug("before the VM's state is saved: containers mount {} shared folder(s) {}", used.size(), used);
        if (!used.isEmpty()) {
            return Optional.of("containers use shared folders (" + used.stream().map(Path::toString)
                    .collect(Collectors.joining(", ")) + "), which a saved state cannot keep");
        }
        Optional<SharedFolders> folders = machine.sharedFolders();
        Optional<GuestAgent> agent = guest.agent();
        if (folders.isEmpty() || agent.isEmpty()) return Optional.empty();
        try {
            return worker.submit(() -> {
                saving = machine;
                mounted = MountedShares.NONE;
                forwarding.close();
                ShareReconciler.Outcome outcome = new ShareReconciler(folders.get(), new GuestMounts(agent.get()))
                        .apply(List.of());
                return outcome.clean() ? Optional.<String>empty()
                        : Optional.of("the shared folders could not be taken out: " + String.join("; ", outcome.leftovers()));
            }).get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            return Optional.of("the shared folders could not be taken out: " + e.getMessage());
        }
    }

    @Override
    public void saveAbandoned(Machine machine) {
        saving = null;
        worker.execute(this::apply);
    }

    /** A VM paused while idle cannot answer; its shares stay as they are until it runs again. */
    private static boolean paused(Machine machine) {
        try {
            return machine.suspension().isPresent() && machine.suspension().get().paused();
        } catch (IOException e) {
            return false;
        }
    }

    /** What the last pass found; null before the first. */
    AppliedShares applied() {
        return applied;
    }

    /** The folders as the settings list them, before resolving. */
    List<String> configured() {
        return configured;
    }

    /** The configured folders, resolved. */
    ShareSettings.Result settings() {
        return settings;
    }

    @Override
    public boolean mounted(Path shareHostPath) {
        MountedShares now = mounted;
        return vm.machine().map(m -> now.has(m.pid(), shareHostPath)).orElse(false);
    }

    @Override
    public List<Share> shares() {
        return settings.shares();
    }

    @Override
    public Optional<Share> covering(Path hostPath) {
        return HostPaths.resolve(hostPath)
                .map(real -> ShareSettings.innermost(settings.shares(), real));
    }

    @Override
    public String mechanism() {
        return "virtiofs";
    }

    @Override
    public SubsystemStatus status() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("mechanism", mechanism());
        facts.put("shares", settings.shares().stream().map(s -> s.hostPath().toString()).collect(Collectors.joining(", ")));
        forwarding.describe().ifPresent(d -> facts.put("events", d));
        return status.snapshot(facts);
    }
}
