package dev.berth.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.extension.SettingsField;
import dev.berth.api.extension.SettingsSection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtensionSettingsViewTest {
    private static SettingsField field(String name, String type, boolean multiple, SettingsField.Option... options) {
        return new SettingsField(name, name + " label", "what " + name + " does", type, multiple, List.of("5"), List.of(options));
    }

    @Test
    void eachFieldCarriesItsKeyKindDefaultAndTheValueOfTheFile() {
        SettingsSection section = new SettingsSection("diskUsage", "Disk usage", "the example", "dev.example", List.of(
                field("topImages", "integer", false), field("secret", "password", false),
                field("chart", "string", false, new SettingsField.Option("bar", "Bars")), field("tags", "string", true)));
        JsonNode view = ExtensionSettingsView.view(List.of(section),
                Map.of("diskUsage", Map.of("topImages", 3, "secret", "hunter2")));
        JsonNode s = view.get(0);
        assertEquals("diskUsage", s.path("section").asText());
        assertEquals("dev.example", s.path("extension").asText());
        JsonNode top = s.path("fields").get(0);
        assertEquals("diskUsage.topImages", top.path("key").asText());
        assertEquals("integer", top.path("kind").asText());
        assertEquals(3, top.path("value").asInt());
        assertEquals("5", top.path("defaults").asText());
        assertEquals("NOW", top.path("applies").asText());
        JsonNode secret = s.path("fields").get(1);
        assertFalse(secret.has("value"), "a password is never sent to the page");
        assertTrue(secret.path("isSet").asBoolean());
        assertEquals("select", s.path("fields").get(2).path("kind").asText());
        assertTrue(s.path("fields").get(2).path("value").isNull(), "unset: the default applies");
        assertEquals("Bars", s.path("fields").get(2).path("options").get(0).path("label").asText());
        assertEquals("list", s.path("fields").get(3).path("kind").asText());
    }
}
