package dev.berth.ui.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ui.internal.docker.DockerResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The settings the dashboard edits: what each means, when it applies, and which values are allowed. */
final class SettingsForm {
    /** When a change takes effect. */
    enum Applies {
        /** At the next VM start. */
        VM_RESTART,
        /** At once. */
        NOW,
        /** The dashboard moves to the new port. */
        DASHBOARD
    }

    /**
     * One editable setting.
     *
     * @param key     {@code section.name} in settings.json
     * @param label   what the page calls it
     * @param kind    {@code int}, {@code bool}, {@code folders} or {@code json}
     * @param applies when a change takes effect
     * @param help    one sentence shown under it
     */
    record Field(String key, String label, String kind, Applies applies, String help) {
    }

    /**
     * Bounds that depend on the machine.
     *
     * @param hostCpus      the host's CPUs
     * @param hostMemoryMiB the host's memory
     * @param diskGiB       the data disk's current size, which may only grow; 0 when unknown
     */
    record Limits(int hostCpus, long hostMemoryMiB, long diskGiB) {
    }

    static final List<Field> FIELDS = List.of(
            new Field("vm.cpus", "CPUs", "int", Applies.VM_RESTART, "Virtual CPUs of the VM that runs your containers."),
            new Field("vm.memoryMiB", "Memory (MiB)", "int", Applies.VM_RESTART, "Memory of the VM, shared by all containers."),
            new Field("vm.diskGiB", "Disk size (GiB)", "int", Applies.VM_RESTART,
                    "Size of the disk that holds images, containers and volumes; it can grow but never shrink."),
            new Field("fileSharing.shares", "File shares", "folders", Applies.NOW,
                    "Host folders that containers can bind-mount at the same path."),
            new Field("engine.daemonJson", "Docker Engine (daemon.json)", "json", Applies.VM_RESTART,
                    "The engine's configuration as a JSON object, such as {\"insecure-registries\": [\"10.0.2.2:5000\"]}."),
            new Field("dashboard.startAtLogin", "Start Berth when you log in", "bool", Applies.NOW,
                    "Adds Berth to your desktop session's autostart programs."),
            new Field("dashboard.port", "Dashboard port", "int", Applies.DASHBOARD,
                    "The port of this dashboard on 127.0.0.1; the dashboard moves there at once."));

    private static final ObjectMapper JSON = DockerResponse.JSON;

    private SettingsForm() {
    }

    static Field field(String key) {
        return FIELDS.stream().filter(f -> f.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the dashboard does not edit '" + key + "'; use: berth settings " + key));
    }

    /** Each field with the value in the settings file (null when unset) and the value in force (null when unknown). */
    static ArrayNode view(Map<String, Map<String, Object>> file, Map<String, Object> inForce) {
        ArrayNode fields = JsonNodeFactory.instance.arrayNode();
        for (Field f : FIELDS) {
            ObjectNode n = fields.addObject();
            n.put("key", f.key());
            n.put("label", f.label());
            n.put("kind", f.kind());
            n.put("applies", f.applies().name());
            n.put("help", f.help());
            String[] parts = f.key().split("\\.", 2);
            n.set("value", JSON.valueToTree(file.getOrDefault(parts[0], Map.of()).get(parts[1])));
            n.set("inForce", JSON.valueToTree(inForce.get(f.key())));
        }
        return fields;
    }

    /**
     * Checks a new value and returns it in the form stored in settings.json.
     *
     * @throws IllegalArgumentException saying what is wrong and what is allowed
     */
    static Object validate(Field f, JsonNode value, Limits limits) {
        return switch (f.key()) {
            case "vm.cpus" -> number(f, value, 1, limits.hostCpus(), "this machine has " + limits.hostCpus() + " CPUs");
            case "vm.memoryMiB" -> number(f, value, 512, limits.hostMemoryMiB(),
                    "this machine has " + limits.hostMemoryMiB() + " MiB");
            case "vm.diskGiB" -> number(f, value, Math.max(8, limits.diskGiB()), 4096, limits.diskGiB() > 0
                    ? "the disk is " + limits.diskGiB() + " GiB now and cannot shrink" : "at least 8 GiB");
            case "dashboard.port" -> number(f, value, 1024, 65535, "ports below 1024 need root");
            case "dashboard.startAtLogin" -> {
                if (!value.isBoolean()) throw new IllegalArgumentException(f.label() + " is on or off");
                yield value.booleanValue();
            }
            case "fileSharing.shares" -> folders(value);
            case "engine.daemonJson" -> daemonJson(value);
            default -> throw new IllegalArgumentException("the dashboard does not edit '" + f.key() + "'");
        };
    }

    private static int number(Field f, JsonNode value, long min, long max, String why) {
        long n;
        if (value.isIntegralNumber()) {
            n = value.longValue();
        } else if (value.isTextual() && value.asText().strip().matches("\\d{1,9}")) {
            n = Long.parseLong(value.asText().strip());
        } else {
            throw new IllegalArgumentException(f.label() + " must be a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(f.label() + " must be between " + min + " and " + max + " (" + why + ")");
        }
        return (int) n;
    }

    private static List<String> folders(JsonNode value) {
        if (!value.isArray()) throw new IllegalArgumentException("file shares are a list of folders");
        List<String> out = new ArrayList<>();
        for (JsonNode v : value) {
            String text = v.asText("").strip();
            if (text.isEmpty()) continue;
            if (!text.equals("~") && !text.startsWith("~/") && !Path.of(text).isAbsolute()) {
                throw new IllegalArgumentException("'" + text + "' is not an absolute folder such as /home/me/code");
            }
            if (!out.contains(text)) out.add(text);
        }
        return out;
    }

    /** The engine's daemon.json: text that must parse as a JSON object; stored pretty-printed. */
    static String daemonJson(JsonNode value) {
        String text = value.asText("").strip();
        if (text.isEmpty()) return "";
        JsonNode parsed;
        try {
            parsed = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException("daemon.json is not valid JSON" + (at == null ? "" : " (line "
                    + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": " + e.getOriginalMessage());
        }
        if (parsed == null || !parsed.isObject()) {
            throw new IllegalArgumentException("daemon.json must be a JSON object, such as {\"debug\": true}");
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(parsed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
