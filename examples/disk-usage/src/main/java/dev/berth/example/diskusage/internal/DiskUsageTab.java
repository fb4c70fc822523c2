package dev.berth.example.diskusage.internal;

import dev.berth.api.extension.DashboardTab;
import dev.berth.api.extension.TabRequest;
import dev.berth.api.extension.TabResponse;
import dev.berth.api.extension.TabSocket;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The "Disk usage" dashboard tab: its page (web/ in this bundle) draws the chart from {@code api/df}, and keeps it
 * current through the WebSocket {@code live}, which sends the summary every few seconds and at once when the page
 * sends {@code refresh}.
 */
@Component
public final class DiskUsageTab implements DashboardTab {
    /** How often the open pages get a new measurement. */
    static final long LIVE_SECONDS = 5;
    private final DiskUsage usage;
    private final Set<TabSocket> live = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("diskusage-live").unstarted(r));

    /** Shows the disk use {@code usage} measures. */
    @Activate
    public DiskUsageTab(@Reference DiskUsage usage) {
        this.usage = usage;
        timer.scheduleWithFixedDelay(this::push, LIVE_SECONDS, LIVE_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        live.forEach(TabSocket::close);
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

    @Override
    public Optional<TabSocket.Listener> connect(TabRequest request, TabSocket socket) {
        if (!request.path().equals("live")) return Optional.empty();
        live.add(socket);
        socket.send(measure());
        return Optional.of(new TabSocket.Listener() {
            @Override
            public void onText(String text) {
                if (text.equals("refresh")) socket.send(measure());
            }

            @Override
            public void onClose() {
                live.remove(socket);
            }
        });
    }

    /** Sends a new measurement to every open page; measures only when one is open. */
    private void push() {
        if (live.isEmpty()) return;
        String now = measure();
        live.forEach(s -> s.send(now));
    }

    /** The summary as JSON, or {@code {"message": ...}} saying why there is none. */
    private String measure() {
        try {
            return DockerDisk.JSON.writeValueAsString(usage.now());
        } catch (IOException e) {
            return DockerDisk.JSON.createObjectNode().put("message", String.valueOf(e.getMessage())).toString();
        }
    }
}
