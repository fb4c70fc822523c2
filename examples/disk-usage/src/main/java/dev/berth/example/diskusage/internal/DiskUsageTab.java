package dev.berth.example.diskusage.internal;

import dev.berth.api.extension.DashboardTab;
import dev.berth.api.extension.TabRequest;
import dev.berth.api.extension.TabResponse;
import java.io.IOException;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The "Disk usage" dashboard tab: its page (web/ in this bundle) draws the chart from {@code api/df}. */
@Component
public final class DiskUsageTab implements DashboardTab {
    private final DiskUsage usage;

    /** Shows the disk use {@code usage} measures. */
    @Activate
    public DiskUsageTab(@Reference DiskUsage usage) {
        this.usage = usage;
    }

    @Override
    public String id() {
        return "disk-usage";
    }

    @Override
    public String title() {
        return "Disk usage";
    }

    @Override
    public Optional<TabResponse> handle(TabRequest request) throws IOException {
        if (!request.path().equals("api/df")) return Optional.empty();
        try {
            return Optional.of(TabResponse.json(DockerDisk.JSON.writeValueAsString(usage.now())));
        } catch (IOException e) {
            return Optional.of(new TabResponse(503, "application/json", DockerDisk.JSON.writeValueAsBytes(
                    DockerDisk.JSON.createObjectNode().put("message", e.getMessage()))));
        }
    }
}
