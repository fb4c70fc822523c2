package dev.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.status.State;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.status.SubsystemStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReportTest {
    private static StatusProvider of(String name, State state) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("k", "v");
        return () -> new SubsystemStatus(name, state, "", facts, null);
    }

    @Test
    void sortsSubsystemsCanonicallyAndShowsFailingProviders() {
        StatusProvider broken = () -> {
            throw new IllegalStateException("boom");
        };
        List<SubsystemStatus> all = StatusReport.collect(List.of(of("zeta", State.RUNNING), of("vm", State.STARTING),
                of("daemon", State.RUNNING), broken));
        assertEquals(List.of("daemon", "vm"), all.stream().map(SubsystemStatus::name).toList().subList(0, 2));
        assertTrue(all.stream().anyMatch(s -> s.state() == State.FAILED && s.detail().contains("boom")));
    }

    @Test
    void tableAndJsonCarryTheSameFacts() throws Exception {
        List<SubsystemStatus> all = StatusReport.collect(List.of(of("vm", State.RUNNING)));
        String table = StatusReport.table(all);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("vm") && l.contains("running") && l.contains("k=v")), table);
        var json = new ObjectMapper().readTree(StatusReport.json(all));
        assertEquals("running", json.get("subsystems").get(0).get("state").asText());
        assertEquals("v", json.get("subsystems").get(0).get("facts").get("k").asText());
    }

    @Test
    void settingValuesAreParsedByShape() {
        assertEquals(4, SettingValues.parse("4"));
        assertEquals(true, SettingValues.parse("true"));
        assertEquals(List.of("/a", "/b"), SettingValues.parse("[\"/a\", \"/b\"]"));
        assertEquals("hello world", SettingValues.parse("hello world"));
        assertEquals("[x, y]", SettingValues.format(new String[] {"x", "y"}));
    }

    @Test
    void progressLineDrawsABar() {
        assertEquals("build     [#########...........]  45%  unpacking", ProgressPrinter.line("build", 45, "unpacking"));
    }
}
