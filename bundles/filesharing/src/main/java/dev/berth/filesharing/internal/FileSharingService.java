package dev.berth.filesharing.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.files.FileShares;
import dev.berth.api.files.Share;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.hypervisor.SharedFolders;
import dev.berth.api.status.StatusEvents;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.api.vm.GuestAgent;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.SaveParticipant;
import dev.berth.api.vm.VirtualMachine;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * runs) and carries host file changes into the guest; applies settings changes live, through {@link SharePasses}.
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
    private final SharePasses passes;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;
    private volatile List<String> configured;
    private volatile ShareSettings.Result settings;

    /** Reads the settings and mounts the shares if the VM runs. */
    @Activate
    public FileSharingService(@Reference VirtualMachine vm, @Reference GuestChannel guest, @Reference Daemon daemon,
                              @Reference(service = LoggerFactory.class) Logger log, FileSharingConfig config) {
        this.vm = vm;
        this.guest = guest;
        this.log = log;
        configure(config);
        this.forwarding = new ForwardingSlot(() -> settings.shares(), daemon.home());
        this.passes = new SharePasses(vm, guest, forwarding, status, () -> settings, () -> events, log);
        passes.start();
    }

    /** Takes new settings and applies them to the running VM at once. */
    @Modified
    void modified(FileSharingConfig config) {
        configure(config);
        passes.request();
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
        passes.close();
        forwarding.close();
    }

    @Override
    public void handleEvent(Event event) {
        passes.request();
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
        return passes.takeOut(machine, folders.get(), agent.get());
    }

    @Override
    public void saveAbandoned(Machine machine) {
        passes.saveAbandoned();
    }

    /** What the last pass found; null before the first. */
    AppliedShares applied() {
        return passes.applied();
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
        MountedShares now = passes.mounted();
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
