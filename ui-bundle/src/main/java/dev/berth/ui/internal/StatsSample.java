package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns one document of Docker's stats stream into CPU percent, memory and network totals, as the docker CLI does. */
final class StatsSample {
    private StatsSample() {
    }

    /** The sample's figures: {@code cpu} (percent of one CPU, summed over CPUs), {@code mem}, {@code memLimit}, {@code netRx}, {@code netTx}. */
    static ObjectNode of(JsonNode stats, long timeMillis) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("t", timeMillis);
        s.put("cpu", Math.round(cpuPercent(stats) * 10) / 10.0);
        s.put("mem", memoryUsed(stats.path("memory_stats")));
        s.put("memLimit", stats.path("memory_stats").path("limit").asLong(0));
        long rx = 0;
        long tx = 0;
        for (JsonNode net : stats.path("networks")) {
            rx += net.path("rx_bytes").asLong(0);
            tx += net.path("tx_bytes").asLong(0);
        }
        s.put("netRx", rx);
        s.put("netTx", tx);
        return s;
    }

    static double cpuPercent(JsonNode stats) {
        JsonNode cpu = stats.path("cpu_stats");
        JsonNode pre = stats.path("precpu_stats");
        double cpuDelta = cpu.path("cpu_usage").path("total_usage").asDouble(0) - pre.path("cpu_usage").path("total_usage").asDouble(0);
        double systemDelta = cpu.path("system_cpu_usage").asDouble(0) - pre.path("system_cpu_usage").asDouble(0);
        int cpus = cpu.path("online_cpus").asInt(0);
        if (cpus == 0) cpus = Math.max(1, cpu.path("cpu_usage").path("percpu_usage").size());
        if (cpuDelta <= 0 || systemDelta <= 0) return 0;
        return cpuDelta / systemDelta * cpus * 100;
    }

    /** Memory in use without the page cache, the way {@code docker stats} counts it (cgroup v1 and v2). */
    static long memoryUsed(JsonNode memory) {
        long usage = memory.path("usage").asLong(0);
        JsonNode stats = memory.path("stats");
        long cache = stats.has("inactive_file") ? stats.path("inactive_file").asLong(0)
                : stats.path("total_inactive_file").asLong(0);
        return cache < usage ? usage - cache : usage;
    }
}
