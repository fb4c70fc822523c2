package dev.berth.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsFormTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SettingsForm.Limits limits = new SettingsForm.Limits(4, 8192, 64);

    private Object validate(String key, String json) throws Exception {
        return SettingsForm.validate(SettingsForm.field(key), JSON.readTree(json), limits);
    }

    @Test
    void resourcesAreBoundedByTheMachineAndTheDiskNeverShrinks() throws Exception {
        assertEquals(2, validate("vm.cpus", "2"));
        assertEquals(3, validate("vm.cpus", "\"3\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> validate("vm.cpus", "8")).getMessage()
                .contains("this machine has 4 CPUs"));
        assertThrows(IllegalArgumentException.class, () -> validate("vm.memoryMiB", "100"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> validate("vm.diskGiB", "32")).getMessage()
                .contains("cannot shrink"));
        assertEquals(128, validate("vm.diskGiB", "128"));
        assertThrows(IllegalArgumentException.class, () -> validate("dashboard.port", "80"));
        assertThrows(IllegalArgumentException.class, () -> validate("vm.cpus", "1.5"));
    }

    @Test
    void daemonJsonMustBeAJsonObject() {
        assertEquals("{\n  \"debug\" : true\n}", SettingsForm.daemonJson(TextNode.valueOf("{\"debug\": true}")));
        assertEquals("", SettingsForm.daemonJson(TextNode.valueOf("  ")));
        String broken = assertThrows(IllegalArgumentException.class,
                () -> SettingsForm.daemonJson(TextNode.valueOf("{\"debug\": }"))).getMessage();
        assertTrue(broken.startsWith("daemon.json is not valid JSON (line 1"), broken);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SettingsForm.daemonJson(TextNode.valueOf("[1]")))
                .getMessage().contains("must be a JSON object"));
    }

    @Test
    void sharesAreAbsoluteFoldersOnce() throws Exception {
        assertEquals(List.of("~", "/tmp"), validate("fileSharing.shares", "[\"~\", \"/tmp\", \"/tmp\", \"\"]"));
        assertThrows(IllegalArgumentException.class, () -> validate("fileSharing.shares", "[\"relative/dir\"]"));
        assertThrows(IllegalArgumentException.class, () -> validate("fileSharing.shares", "\"/tmp\""));
    }

    @Test
    void eachFieldSaysWhenItAppliesAndShowsFileAndInForceValues() {
        JsonNode view = SettingsForm.view(Map.of("vm", Map.of("cpus", 3)), Map.of("vm.cpus", 2, "vm.memoryMiB", 2048));
        JsonNode cpus = view.get(0);
        assertEquals("vm.cpus", cpus.path("key").asText());
        assertEquals(3, cpus.path("value").asInt());
        assertEquals(2, cpus.path("inForce").asInt());
        assertEquals("VM_RESTART", cpus.path("applies").asText());
        assertTrue(view.get(1).path("value").isNull());
        assertEquals(SettingsForm.Applies.NOW, SettingsForm.field("fileSharing.shares").applies());
        assertThrows(IllegalArgumentException.class, () -> SettingsForm.field("vm.spec"));
    }
}
