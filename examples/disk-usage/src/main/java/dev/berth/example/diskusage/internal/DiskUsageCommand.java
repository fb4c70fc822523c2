package dev.berth.example.diskusage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The Gogo command {@code diskusage:df} ({@code berth diskusage:df}): the tab's figures as a table. */
@Component(service = DiskUsageCommand.class, property = {"osgi.command.scope=diskusage", "osgi.command.function=df"})
public final class DiskUsageCommand {
    private final DiskUsage usage;

    /** Prints what {@code usage} measures. */
    @Activate
    public DiskUsageCommand(@Reference DiskUsage usage) {
        this.usage = usage;
    }

    /** Prints Docker's disk use. */
    @Descriptor("show Docker's disk use, as docker system df does, and the largest images")
    public String df() throws IOException {
        return table(usage.now());
    }

    /** The summary as text. */
    static String table(ObjectNode s) {
        StringBuilder b = new StringBuilder(String.format("%-14s %6s %10s%n", "TYPE", "TOTAL", "SIZE"));
        for (JsonNode k : s.path("kinds")) {
            b.append(String.format("%-14s %6d %10s%n", k.path("kind").asText(), k.path("count").asInt(), DockerDisk.human(k.path("bytes").asLong())));
        }
        b.append(String.format("%-14s %6s %10s%n", "All", "", DockerDisk.human(s.path("total").asLong())));
        if (!s.path("largest").isEmpty()) b.append("\nLargest images:\n");
        for (JsonNode i : s.path("largest")) b.append(String.format("  %10s  %s%n", DockerDisk.human(i.path("bytes").asLong()), i.path("name").asText()));
        return b.toString().stripTrailing();
    }
}
