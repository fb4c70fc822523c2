package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.daemon.Daemon;
import dev.berth.api.extension.DesktopExtension;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.api.vm.VmInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Shapes the VM's and Berth's state for the "VM and Berth" page. */
final class SystemView {
    private SystemView() {
    }

    /**
     * The page's document.
     *
     * @param vmCpu     percent of one host CPU the VM used lately, or -1 when unknown
     * @param operation what the dashboard is doing to the VM right now, or empty
     * @param dockerDf  Docker's disk use document ({@code /system/df}), or null when unknown
     */
    static ObjectNode of(Backends b, Optional<VmInfo> info, double vmCpu, String operation, JsonNode dockerDf) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        Daemon d = b.daemon();
        ObjectNode daemon = view.putObject("daemon");
        daemon.put("version", d.version());
        daemon.put("pid", d.pid());
        daemon.put("uptimeSeconds", Duration.between(d.startedAt(), Instant.now()).toSeconds());
        daemon.put("home", d.home().toString());
        List<SubsystemStatus> all = statuses(b.statuses());
        ObjectNode vm = view.putObject("vm");
        SubsystemStatus vmStatus = all.stream().filter(s -> s.name().equals("vm")).findFirst().orElse(null);
        vm.put("state", b.vm().map(v -> lower(v.state().name())).orElse("absent"));
        vm.put("detail", vmStatus == null ? "" : vmStatus.detail());
        info.ifPresent(i -> {
            vm.put("hypervisor", i.hypervisor());
            vm.put("accelerator", lower(i.accelerator().name()));
            vm.put("uptimeSeconds", Duration.between(i.startedAt(), Instant.now()).toSeconds());
            vm.put("cpus", i.cpus());
            vm.put("memoryMiB", i.memoryMiB());
            vm.put("diskBytes", i.diskBytes());
        });
        if (vmStatus != null) {
            String used = vmStatus.facts().getOrDefault("memoryUsed", "");
            if (used.endsWith("MiB")) vm.put("memoryUsedMiB", Long.parseLong(used.substring(0, used.length() - 3)));
        }
        if (vmCpu >= 0) vm.put("cpuPercent", Math.round(vmCpu * 10) / 10.0);
        if (dockerDf != null) vm.set("dockerDisk", disk(dockerDf));
        view.put("operation", operation);
        ArrayNode subsystems = view.putArray("subsystems");
        for (SubsystemStatus s : all) {
            ObjectNode n = subsystems.addObject();
            n.put("name", s.name());
            n.put("state", lower(s.state().name()));
            n.put("detail", s.detail());
            s.facts().forEach(n.putObject("facts")::put);
        }
        ArrayNode extensions = view.putArray("extensions");
        for (DesktopExtension e : b.extensions()) {
            ObjectNode n = extensions.addObject();
            n.put("id", e.id());
            n.put("title", e.title());
            n.put("version", e.version());
            e.page().ifPresent(p -> n.put("page", p.toString()));
        }
        return view;
    }

    /** What Docker's data takes on the VM's disk: image layers, containers' writable layers, volumes and build cache. */
    static ObjectNode disk(JsonNode df) {
        ObjectNode disk = JsonNodeFactory.instance.objectNode();
        disk.put("images", df.path("LayersSize").asLong(0));
        long containers = 0;
        for (JsonNode c : df.path("Containers")) containers += c.path("SizeRw").asLong(0);
        disk.put("containers", containers);
        long volumes = 0;
        for (JsonNode v : df.path("Volumes")) volumes += Math.max(0, v.path("UsageData").path("Size").asLong(0));
        disk.put("volumes", volumes);
        long cache = 0;
        for (JsonNode c : df.path("BuildCache")) cache += c.path("Size").asLong(0);
        disk.put("buildCache", cache);
        disk.put("total", disk.path("images").asLong() + containers + volumes + cache);
        return disk;
    }

    /** Each provider's status; one that throws is shown as failed with the reason. */
    static List<SubsystemStatus> statuses(List<StatusProvider> providers) {
        return providers.stream().map(p -> {
            try {
                return p.status();
            } catch (RuntimeException e) {
                return new SubsystemStatus(p.getClass().getSimpleName(), dev.berth.api.status.State.FAILED,
                        "status unavailable: " + e.getMessage(), null, null);
            }
        }).sorted(java.util.Comparator.comparing(SubsystemStatus::name)).toList();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
