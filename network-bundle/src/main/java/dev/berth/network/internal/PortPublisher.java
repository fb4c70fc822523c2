package dev.berth.network.internal;

import dev.berth.api.daemon.BerthHome;
import dev.berth.api.daemon.Daemon;
import dev.berth.api.hypervisor.ChannelSpec;
import dev.berth.api.hypervisor.Machine;
import dev.berth.api.network.GuestSockets;
import dev.berth.api.network.PortBinding;
import dev.berth.api.network.PortForwarder;
import dev.berth.api.network.PublishResult;
import dev.berth.api.network.PublishedPort;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusEvents;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.api.vm.GuestChannel;
import dev.berth.api.vm.VirtualMachine;
import dev.berth.network.internal.relay.PortRelay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Publishes container ports on the host: Berth listens on each host port itself and relays its connections and
 * datagrams to the guest's port relay, all or nothing per owner, refusing a host port that someone else holds with
 * Docker's own words.
 */
@Component(service = {PortForwarder.class, GuestSockets.class, StatusProvider.class, EventHandler.class,
        PortPublisher.class})
@EventTopics(StatusEvents.TOPIC)
public final class PortPublisher implements PortForwarder, GuestSockets, StatusProvider, EventHandler {
    private final VirtualMachine vm;
    private final Logger log;
    private final PortTable table = new PortTable();
    private final PortRelay relay;
    private final Path forwards;
    private final Map<String, Path> forwarded = new HashMap<>();

    /** Publishes through the VM's port relay. */
    @Activate
    public PortPublisher(@Reference VirtualMachine vm, @Reference Daemon daemon,
                         @Reference(service = LoggerFactory.class) Logger log) {
        this.vm = vm;
        this.log = log;
        this.forwards = new BerthHome(daemon.home()).run().resolve("guest");
        this.relay = new PortRelay(this::relaySocket, log::warn);
        if (vm.state() == State.RUNNING) relay.warm();
    }

    @Deactivate
    void deactivate() {
        relay.close();
    }

    /** The VM's ports channel while a VM runs, also while it starts (the engine's readiness check uses it). */
    private Optional<Path> relaySocket() {
        return vm.machine().filter(Machine::isAlive).map(Machine::spec).flatMap(s -> s.channels().stream()
                .filter(c -> c.name().equals(GuestChannel.PORTS_CHANNEL)).map(ChannelSpec::socket).findFirst());
    }

    @Override
    public synchronized Path forward(String guestPath) throws IOException {
        Path known = forwarded.get(guestPath);
        if (known != null) return known;
        if (!guestPath.startsWith("/")) throw new IOException("not an absolute guest socket path: " + guestPath);
        Files.createDirectories(forwards);
        Files.setPosixFilePermissions(forwards, PosixFilePermissions.fromString("rwx------"));
        Path host = forwards.resolve(guestPath.substring(1).replaceAll("[^A-Za-z0-9._-]", "_"));
        relay.forward(host, guestPath);
        forwarded.put(guestPath, host);
        log.info("guest socket {} is reachable on the host at {}", guestPath, host);
        return host;
    }

    @Override
    public boolean available() {
        return relaySocket().isPresent();
    }

    @Override
    public synchronized PublishResult publish(String owner, String label, List<PortBinding> bindings) {
        if (vm.state() != State.RUNNING) {
            return new PublishResult.Refused(bindings.isEmpty() ? null : bindings.getFirst(),
                    "Berth's VM is not running. Start it with: berth start");
        }
        if (!available()) {
            return new PublishResult.Refused(bindings.isEmpty() ? null : bindings.getFirst(),
                    "Berth's VM was started without its port relay; restart it to publish ports: berth vm restart");
        }
        List<PortBinding> added = new ArrayList<>();
        for (PortBinding b : bindings) {
            if (table.has(owner, b)) continue;
            if (table.holder(b).isPresent()) {
                rollback(owner, added);
                return new PublishResult.Refused(b, PortProbe.allocated(b));
            }
            try {
                relay.listen(b);
            } catch (IOException e) {
                log.info("cannot listen on {} for {}: {}", b, label, e.getMessage());
                rollback(owner, added);
                return new PublishResult.Refused(b, PortProbe.refused(b, e));
            }
            table.put(new PublishedPort(owner, label, b, Instant.now()));
            added.add(b);
        }
        if (!added.isEmpty()) log.info("published {} for {}", added, label);
        return new PublishResult.Published();
    }

    private void rollback(String owner, List<PortBinding> added) {
        for (PortBinding b : added) {
            relay.stop(b);
            table.remove(owner, b);
        }
    }

    @Override
    public synchronized void withdraw(String owner) {
        List<PublishedPort> ports = table.of(owner);
        if (ports.isEmpty()) return;
        for (PublishedPort p : ports) {
            relay.stop(p.binding());
            table.remove(owner, p.binding());
        }
        log.info("withdrew {} of {}", ports.stream().map(PublishedPort::binding).toList(), ports.getFirst().label());
    }

    @Override
    public List<PublishedPort> published() {
        return table.all();
    }

    /**
     * Forgets every forward once the VM has stopped or failed: its network went with it. Connects the relay when it
     * runs. A stopping VM still runs, and whatever prepares its save may still use the relay.
     */
    @Override
    public void handleEvent(Event event) {
        if (!"vm".equals(event.getProperty(StatusEvents.SUBSYSTEM))) return;
        Object state = event.getProperty(StatusEvents.STATE);
        if (State.RUNNING.name().equals(state)) {
            relay.warm();
            return;
        }
        if (State.STOPPING.name().equals(state)) return;
        synchronized (this) {
            if (!table.all().isEmpty()) log.info("the VM left the running state; forgetting its {} forwards", table.all().size());
            table.clear();
            relay.stopAll("the VM stopped");
        }
    }

    @Override
    public SubsystemStatus status() {
        List<PublishedPort> all = table.all();
        State state = vm.state() == State.RUNNING ? State.RUNNING : State.STOPPED;
        return new SubsystemStatus("network", state, "", Map.of("published", Integer.toString(all.size()),
                "mode", "published ports: Berth relay over virtio-serial; outbound: user-mode (slirp)",
                "dropped", dropped()), null);
    }

    /** What the port relay refused to carry, as one line ("nothing" when it carried everything). */
    String dropped() {
        List<String> counts = new ArrayList<>();
        relay.dropped().forEach((what, n) -> {
            if (n > 0) counts.add(n + " " + what);
        });
        return counts.isEmpty() ? "nothing" : String.join(", ", counts);
    }
}
