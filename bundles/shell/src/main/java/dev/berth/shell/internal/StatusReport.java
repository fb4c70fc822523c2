package dev.berth.shell.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Formats subsystem states as a table for people or JSON for programs. */
final class StatusReport {
    private static final List<String> ORDER =
            List.of("daemon", "settings", "vm", "engine", "tools", "network", "filesharing", "kubernetes", "dashboard");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusReport() {
    }

    /** Asks every provider, sorted in the canonical subsystem order; a failing provider is shown as failed. */
    static List<SubsystemStatus> collect(List<StatusProvider> providers) {
        List<SubsystemStatus> all = new ArrayList<>();
        for (StatusProvider p : providers) {
            try {
                all.add(p.status());
            } catch (RuntimeException e) {
                all.add(new SubsystemStatus(p.getClass().getSimpleName(), dev.berth.api.status.State.FAILED,
                        "status unavailable: " + e, null, null));
            }
        }
        all.sort(Comparator.comparingInt((SubsystemStatus s) -> rank(s.name())).thenComparing(SubsystemStatus::name));
        return all;
    }

    private static int rank(String name) {
        int i = ORDER.indexOf(name);
        return i < 0 ? ORDER.size() : i;
    }

    /** One line per subsystem: name, state, then facts and detail. */
    static String table(List<SubsystemStatus> all) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-12s %-9s %s%n", "SUBSYSTEM", "STATE", "DETAILS"));
        for (SubsystemStatus s : all) {
            String facts = s.facts().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            String details = s.detail().isEmpty() ? facts : facts.isEmpty() ? s.detail() : facts + "  " + s.detail();
            b.append(String.format("%-12s %-9s %s%n", s.name(), s.state().name().toLowerCase(Locale.ROOT), details));
        }
        return b.toString().stripTrailing();
    }

    /** A JSON object with a {@code subsystems} array. */
    static String json(List<SubsystemStatus> all) throws JsonProcessingException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("running", true);
        ArrayNode list = root.putArray("subsystems");
        for (SubsystemStatus s : all) {
            ObjectNode n = list.addObject();
            n.put("name", s.name());
            n.put("state", s.state().name().toLowerCase(Locale.ROOT));
            n.put("detail", s.detail());
            n.put("since", s.since().toString());
            ObjectNode facts = n.putObject("facts");
            s.facts().forEach(facts::put);
        }
        return MAPPER.writeValueAsString(root);
    }
}
