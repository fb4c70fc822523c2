package dev.berth.network.internal;

import dev.berth.api.hypervisor.PortForward;
import dev.berth.api.hypervisor.UserNetwork;
import dev.berth.api.network.PortBinding;
import dev.berth.api.network.PortForwarder;
import dev.berth.api.network.PublishResult;
import dev.berth.api.network.PublishedPort;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusEvents;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.api.vm.VirtualMachine;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Publishes container ports on the host through the VM's user-mode network, all or nothing per owner, refusing a
 * host port that someone else holds with Docker's own words.
 */
@Component(service = {PortForwarder.class, StatusProvider.class, EventHandler.class, PortPublisher.class})
@EventTopics(StatusEvents.TOPIC)
public final class PortPublisher implements PortForwarder, StatusProvider, EventHandler {
    private final VirtualMachine vm;
    private final Logger log;
    private final PortTable table = new PortTable();

    /** Publishes through the VM's network. */
    @Activate
    public PortPublisher(@Reference VirtualMachine vm, @Reference(service = LoggerFactory.class) Logger log) {
        this.vm = vm;
        this.log = log;
    }

    @Override
    public synchronized PublishResult publish(String owner, String label, List<PortBinding> bindings) {
        Optional<UserNetwork> net = vm.machine().flatMap(m -> m.userNetwork());
        if (net.isEmpty() || vm.state() != State.RUNNING) {
            return new PublishResult.Refused(bindings.isEmpty() ? null : bindings.getFirst(),
                    "Berth's VM is not running. Start it with: berth start");
        }
        List<PortForward> existing = forwards(net.get());
        List<PortBinding> added = new ArrayList<>();
        for (PortBinding b : bindings) {
            if (table.has(owner, b)) continue;
            Optional<String> holder = table.holder(b);
            PortForward forward = new PortForward(b.protocol(), b.hostIp(), b.hostPort(), b.guestPort());
            boolean adopt = holder.isEmpty() && existing.contains(forward);
            if (holder.isPresent() || (!adopt && !PortProbe.free(b))) {
                rollback(net.get(), owner, added);
                return new PublishResult.Refused(b, PortProbe.allocated(b));
            }
            try {
                if (!adopt) net.get().add(forward);
            } catch (IOException e) {
                log.warn("cannot forward {} for {}: {}", b, label, e.getMessage());
                rollback(net.get(), owner, added);
                return new PublishResult.Refused(b, PortProbe.allocated(b));
            }
            table.put(new PublishedPort(owner, label, b, Instant.now()));
            added.add(b);
        }
        if (!added.isEmpty()) log.info("published {} for {}", added, label);
        return new PublishResult.Published();
    }

    private void rollback(UserNetwork net, String owner, List<PortBinding> added) {
        for (PortBinding b : added) {
            remove(net, b);
            table.remove(owner, b);
        }
    }

    @Override
    public synchronized void withdraw(String owner) {
        List<PublishedPort> ports = table.of(owner);
        if (ports.isEmpty()) return;
        Optional<UserNetwork> net = vm.machine().flatMap(m -> m.userNetwork());
        for (PublishedPort p : ports) {
            net.ifPresent(n -> remove(n, p.binding()));
            table.remove(owner, p.binding());
        }
        log.info("withdrew {} of {}", ports.stream().map(PublishedPort::binding).toList(), ports.getFirst().label());
    }

    private void remove(UserNetwork net, PortBinding b) {
        try {
            net.remove(new PortForward(b.protocol(), b.hostIp(), b.hostPort(), b.guestPort()));
        } catch (IOException e) {
            log.warn("cannot stop forwarding {}: {}", b, e.getMessage());
        }
    }

    private List<PortForward> forwards(UserNetwork net) {
        try {
            return net.forwards();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public List<PublishedPort> published() {
        return table.all();
    }

    /** Forgets every forward when the VM stops: its network went with it. */
    @Override
    public void handleEvent(Event event) {
        if ("vm".equals(event.getProperty(StatusEvents.SUBSYSTEM))
                && !State.RUNNING.name().equals(event.getProperty(StatusEvents.STATE))) {
            synchronized (this) {
                if (!table.all().isEmpty()) log.info("the VM left the running state; forgetting its {} forwards", table.all().size());
                table.clear();
            }
        }
    }

    @Override
    public SubsystemStatus status() {
        List<PublishedPort> all = table.all();
        State state = vm.state() == State.RUNNING ? State.RUNNING : State.STOPPED;
        return new SubsystemStatus("network", state, "", Map.of("published", Integer.toString(all.size()),
                "mode", "user-mode (slirp)"), null);
    }
}
