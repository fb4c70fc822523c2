package dev.berth.vm.internal;

import dev.berth.api.status.State;
import dev.berth.api.status.SubsystemStatus;
import dev.berth.api.vm.GuestEndpoint;
import dev.berth.api.vm.VmInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The VM's line of {@code berth status}. */
final class VmStatus {
    private VmStatus() {
    }

    /** @param engine the engine's endpoint in {@code running}, or null when no VM runs */
    static SubsystemStatus of(VmState state, Optional<VmInfo> info, MachineLauncher.Launched running, GuestEndpoint engine,
                              VmConfig config, HypervisorChoice hypervisors, String lastBoot, boolean paused) {
        Map<String, String> facts = new LinkedHashMap<>();
        info.ifPresent(i -> {
            facts.put("hypervisor", i.hypervisor());
            facts.put("accelerator", i.accelerator().name().toLowerCase(Locale.ROOT));
            facts.put("pid", Long.toString(i.pid()));
            facts.put("uptime", human(Duration.between(i.startedAt(), Instant.now())));
            facts.put("cpus", Integer.toString(i.cpus()));
            facts.put("memory", i.memoryMiB() + "MiB");
            facts.put("disk", (i.diskBytes() >> 30) + "GiB");
            facts.put("image", i.imageHash().substring(0, 12));
        });
        if (running != null) {
            facts.put("memoryUsed", (running.machine().residentBytes() >> 20) + "MiB");
            facts.put("engine", engine.socket() != null ? "unix://" + engine.socket() + " (port relay)"
                    : "tcp://" + engine.host() + ":" + engine.port() + " (TLS)");
        }
        if (!lastBoot.isEmpty()) facts.put("boot", lastBoot);
        if (paused) facts.put("idle", "paused: the next request resumes it");
        if (info.isEmpty()) {
            facts.put("cpus", Integer.toString(config.cpus()));
            facts.put("memory", config.memoryMiB() + "MiB");
        }
        StringBuilder detail = new StringBuilder(state.detail());
        for (String note : state.notes()) {
            if (!detail.isEmpty()) detail.append("; ");
            detail.append(note);
        }
        if (state.get() == State.STOPPED && detail.isEmpty()) detail.append("start it with: berth start");
        return new SubsystemStatus("vm", state.get(), detail.toString(), facts, state.since());
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 3600) return s / 3600 + "h" + (s % 3600) / 60 + "m";
        if (s >= 60) return s / 60 + "m" + s % 60 + "s";
        return s + "s";
    }
}
