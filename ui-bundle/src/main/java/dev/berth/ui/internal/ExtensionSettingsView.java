package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.extension.SettingsField;
import dev.berth.api.extension.SettingsSection;
import dev.berth.ui.internal.docker.DockerResponse;
import java.util.List;
import java.util.Map;

/** The settings sections extensions describe, as the settings page shows them beside Berth's own. */
final class ExtensionSettingsView {
    private ExtensionSettingsView() {
    }

    /**
     * Each section with its fields, each field with the value in the settings file (null when unset, so its
     * default applies; left out for passwords, which the page never shows).
     */
    static ArrayNode view(List<SettingsSection> sections, Map<String, Map<String, Object>> file) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (SettingsSection s : sections) {
            ObjectNode n = out.addObject().put("section", s.section()).put("title", s.title())
                    .put("description", s.description()).put("extension", s.extension());
            ArrayNode fields = n.putArray("fields");
            Map<String, Object> values = file.getOrDefault(s.section(), Map.of());
            for (SettingsField f : s.fields()) {
                ObjectNode field = fields.addObject().put("key", s.section() + "." + f.name()).put("label", f.label())
                        .put("help", f.description()).put("kind", kind(f)).put("applies", SettingsForm.Applies.NOW.name())
                        .put("defaults", String.join(", ", f.defaults()));
                if (f.type().equals("password")) {
                    field.put("isSet", values.get(f.name()) != null);
                } else {
                    field.set("value", DockerResponse.JSON.valueToTree(values.get(f.name())));
                }
                ArrayNode options = field.putArray("options");
                f.options().forEach(o -> options.addObject().put("value", o.value()).put("label", o.label()));
            }
        }
        return out;
    }

    /** How the page edits a field: one of Berth's own kinds where it fits, else text. */
    static String kind(SettingsField f) {
        if (f.multiple()) return "list";
        if (!f.options().isEmpty()) return "select";
        return switch (f.type()) {
            case "boolean" -> "bool";
            case "integer" -> "integer";
            case "decimal" -> "decimal";
            case "password" -> "password";
            default -> "text";
        };
    }
}
