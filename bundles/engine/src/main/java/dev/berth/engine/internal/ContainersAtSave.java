package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.daemon.BerthHome;
import dev.berth.api.daemon.Daemon;
import dev.berth.api.files.FileShares;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusEvents;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.SaveParticipant;
import dev.berth.api.vm.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Lets the VM's state be saved while containers use shared folders, whose devices a saved state cannot hold: stops
 * those containers before the save, ahead of the file sharing's own preparation, and starts them again once the VM
 * runs and file sharing has their shares mounted again.
 */
@Component(service = {SaveParticipant.class, EventHandler.class}, immediate = true, property = {
        Constants.SERVICE_RANKING + ":Integer=100",
        EventConstants.EVENT_TOPIC + "=" + StatusEvents.TOPIC,
        EventConstants.EVENT_FILTER + "=(" + StatusEvents.SUBSYSTEM + "=vm)"})
public final class ContainersAtSave implements SaveParticipant, EventHandler {
    /** The file, in Berth's state folder, that lists the stopped containers until they start again. */
    static final String FILE = "containers-stopped-for-save.json";
    private static final Duration MOUNT_WAIT = Duration.ofMinutes(1);
    private final GuestChannel guest;
    private final VirtualMachine vm;
    private final Logger log;
    private final Path file;
    private final EngineApi api;
    private final ContainerStops stops;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("berth-containers-at-save").unstarted(r));
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FileShares shares;

    /** Starts containers a previous save stopped, as soon as the VM runs. */
    @Activate
    public ContainersAtSave(@Reference GuestChannel guest, @Reference VirtualMachine vm, @Reference Daemon daemon,
                            @Reference(service = LoggerFactory.class) Logger log) {
        this.guest = guest;
        this.vm = vm;
        this.log = log;
        this.file = new BerthHome(daemon.home()).state().resolve(FILE);
        this.api = new EngineApi(() -> guest);
        this.stops = new ContainerStops(api);
        // The VM's "running" event may come before this component listens: look again now and then.
        worker.scheduleWithFixedDelay(this::startAgainIfRunning, 0, 10, TimeUnit.SECONDS);
    }

    /** Stops the background work. */
    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        api.close();
    }

    @Override
    public void handleEvent(Event event) {
        if (State.RUNNING.name().equals(event.getProperty(StatusEvents.STATE))) worker.execute(this::startAgainIfRunning);
    }

    /** Synchronized with {@link #startAgain}: a save right after a start first lets the last save's containers start. */
    @Override
    public synchronized Optional<String> beforeSave(Machine machine) {
        FileShares s = shares;
        if (s == null || s.shares().isEmpty()) return Optional.empty();
        List<ShareUsers.User> users;
        try {
            users = ShareUsers.in(api.get("/containers/json"), s.shares());
        } catch (IOException e) {
            log.warn("cannot list the containers that use shared folders before the save: {}", e.getMessage());
            return Optional.empty(); // the file sharing's own check still refuses the save if a share is in use
        }
        if (users.isEmpty()) return Optional.empty();
        String bootId;
        try {
            bootId = bootId();
        } catch (IOException e) {
            return Optional.of("containers use shared folders and the guest agent did not answer: " + e.getMessage());
        }
        ContainerStops.Outcome outcome = stops.stop(users);
        StoppedForSave stopped = new StoppedForSave(bootId, outcome.stopped());
        if (outcome.failure().isPresent()) {
            stops.start(stopped.containers());
            return outcome.failure();
        }
        try {
            stopped.write(file);
        } catch (IOException e) {
            stops.start(stopped.containers());
            return Optional.of("cannot note the containers stopped for the save in " + file + ": " + e.getMessage());
        }
        log.info("stopped {} container(s) that use shared folders, so that the VM's state can be saved; {}",
                users.size(), outcome.describe());
        return Optional.empty();
    }

    @Override
    public void saveAbandoned(Machine machine) {
        startAgain(true);
    }

    private void startAgainIfRunning() {
        if (vm.state() == State.RUNNING && Files.exists(file)) startAgain(false);
    }

    /** Starts the noted containers; {@code sameBoot} skips the check of whether the VM was resumed. */
    private synchronized void startAgain(boolean sameBoot) {
        StoppedForSave saved;
        try {
            if (!Files.exists(file)) return;
            saved = StoppedForSave.read(file);
        } catch (IOException e) {
            log.warn("cannot read {}, so no container stopped for the last save starts again: {}", file, e.getMessage());
            forget();
            return;
        }
        try {
            boolean resumed = sameBoot || saved.bootId().equals(bootId());
            List<StoppedForSave.Entry> todo = saved.toStart(resumed);
            if (todo.size() < saved.containers().size()) {
                log.info("the VM booted afresh, so only the containers whose restart policy asks for it start again: {}",
                        todo.stream().map(StoppedForSave.Entry::name).toList());
            }
            List<String> needed = todo.stream().flatMap(e -> e.shares().stream()).distinct().toList();
            List<String> missing = awaitMounted(needed);
            if (!missing.isEmpty()) {
                log.warn("did not start {} again: the shared folders {} are not mounted in the VM (see berth shares); "
                        + "start them with: docker start", todo.stream().map(StoppedForSave.Entry::name).toList(), missing);
            } else {
                List<String> problems = stops.start(todo);
                log.info("started {} container(s) again that were stopped to save the VM's state{}",
                        todo.size() - problems.size(), problems.isEmpty() ? "" : "; " + String.join("; ", problems));
            }
            forget();
        } catch (IOException e) {
            log.warn("cannot start the containers stopped for the last save yet: {}", e.getMessage());
        }
    }

    /** Waits until file sharing has every share of {@code paths} mounted in the VM; returns those still missing. */
    private List<String> awaitMounted(List<String> paths) throws IOException {
        long deadline = System.nanoTime() + MOUNT_WAIT.toNanos();
        while (true) {
            FileShares s = shares;
            List<String> missing = paths.stream().filter(p -> s == null || !s.mounted(Path.of(p))).toList();
            if (missing.isEmpty() || System.nanoTime() > deadline) return missing;
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private String bootId() throws IOException {
        return agent().exec(List.of("cat", "/proc/sys/kernel/random/boot_id"), Duration.ofSeconds(10)).stdout().strip();
    }

    private dev.berth.api.vm.GuestAgent agent() throws IOException {
        return guest.agent().orElseThrow(() -> new IOException("the guest agent is not reachable"));
    }

    private void forget() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", file, e.getMessage());
        }
    }
}
