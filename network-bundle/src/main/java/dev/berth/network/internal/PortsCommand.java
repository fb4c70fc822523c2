package dev.berth.network.internal;

import dev.berth.api.network.PublishedPort;
import java.time.format.DateTimeFormatter;
import java.time.ZoneId;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code berth:ports} command: every published port with its container. */
@Component(service = PortsCommand.class, property = {"osgi.command.scope=berth", "osgi.command.function=ports"})
public final class PortsCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final PortPublisher ports;

    /** Lists the publisher's ports. */
    @Activate
    public PortsCommand(@Reference PortPublisher ports) {
        this.ports = ports;
    }

    /** Prints one line per published port. */
    @Descriptor("list every published port with its container")
    public String ports() {
        StringBuilder b = new StringBuilder(String.format("%-24s %-6s %-10s %-20s %s%n", "HOST", "PROTO", "GUEST PORT",
                "CONTAINER", "SINCE"));
        for (PublishedPort p : ports.published()) {
            b.append(String.format("%-24s %-6s %-10d %-20s %s%n", p.binding().hostIp() + ":" + p.binding().hostPort(),
                    p.binding().protocol().id(), p.binding().guestPort(), p.label(), TIME.format(p.since())));
        }
        b.append("Dropped by the relay: ").append(ports.dropped());
        return b.toString();
    }
}
