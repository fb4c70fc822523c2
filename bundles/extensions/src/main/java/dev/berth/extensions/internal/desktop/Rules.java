package dev.berth.extensions.internal.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Docker's rules for an extension image's labels and {@code metadata.json}, each broken rule said in one sentence. */
final class Rules {
    /** The labels Docker Desktop requires of every extension image. */
    static final List<String> REQUIRED_LABELS = List.of("org.opencontainers.image.title",
            "org.opencontainers.image.description", "org.opencontainers.image.vendor",
            "com.docker.desktop.extension.api.version", "com.docker.desktop.extension.icon");
    static final String API_VERSION = "com.docker.desktop.extension.api.version";
    /** A version or a constraint such as {@code >= 0.2.3} or {@code >= 1.4.7, < 2.0}. */
    private static final Pattern CONSTRAINT = Pattern.compile(
            "\\s*(>=|<=|>|<|=|~|\\^)?\\s*v?\\d+(\\.\\d+){0,2}(-[0-9A-Za-z.-]+)?\\s*");
    private static final Pattern SOCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Set<String> KNOWN = Set.of("icon", "ui", "vm", "host");
    private static final Set<String> PLATFORMS = Set.of("darwin", "windows", "linux");

    private Rules() {
    }

    /** The broken rules among the labels. */
    static List<String> labels(Map<String, String> labels) {
        List<String> problems = new ArrayList<>();
        for (String l : REQUIRED_LABELS) {
            if (labels.getOrDefault(l, "").isBlank()) problems.add("the image has no label " + l);
        }
        String api = labels.getOrDefault(API_VERSION, "");
        if (!api.isBlank() && !java.util.Arrays.stream(api.split(",")).allMatch(p -> CONSTRAINT.matcher(p).matches())) {
            problems.add("the label " + API_VERSION + " must be a semantic version or a constraint such as '>= 0.2.3',"
                    + " was '" + api + "'");
        }
        return problems;
    }

    /** The broken rules in {@code metadata.json}, already parsed. */
    static List<String> metadata(JsonNode json) {
        List<String> problems = new ArrayList<>();
        if (!json.isObject()) return List.of("metadata.json must hold a JSON object");
        json.fieldNames().forEachRemaining(f -> {
            if (f.equals("name") || f.equals("provider")) {
                problems.add("metadata.json: the field '" + f + "' is obsolete; remove it (labels carry it now)");
            } else if (!KNOWN.contains(f)) {
                problems.add("metadata.json: unknown field '" + f + "' (allowed: icon, ui, vm, host)");
            }
        });
        if (!text(json, "icon")) problems.add("metadata.json: 'icon' is missing; name the icon's file in the image");
        JsonNode ui = json.get("ui");
        if (ui != null) ui(ui, problems);
        JsonNode vm = json.get("vm");
        if (vm != null) vm(vm, problems);
        JsonNode host = json.get("host");
        if (host != null) host(host, problems);
        return problems;
    }

    private static void ui(JsonNode ui, List<String> problems) {
        JsonNode tab = ui.get("dashboard-tab");
        if (!ui.isObject() || tab == null || !tab.isObject()) {
            problems.add("metadata.json: 'ui' must hold a 'dashboard-tab' object with title, root and src");
            return;
        }
        for (String f : List.of("title", "root", "src")) {
            if (!text(tab, f)) problems.add("metadata.json: 'ui.dashboard-tab." + f + "' is missing");
        }
        if (text(tab, "root") && !tab.get("root").asText().startsWith("/")) {
            problems.add("metadata.json: 'ui.dashboard-tab.root' must be an absolute folder of the image, such as /ui");
        }
        if (text(tab, "src") && !relative(tab.get("src").asText())) {
            problems.add("metadata.json: 'ui.dashboard-tab.src' must be a file inside root, such as index.html");
        }
    }

    private static void vm(JsonNode vm, List<String> problems) {
        if (!vm.isObject()) {
            problems.add("metadata.json: 'vm' must be an object with 'image' or 'composefile'");
            return;
        }
        if (text(vm, "image") == text(vm, "composefile")) {
            problems.add("metadata.json: 'vm' must name either 'image' or 'composefile', not both and not neither");
        }
        JsonNode socket = vm.path("exposes").path("socket");
        if (!vm.path("exposes").isMissingNode() && !(socket.isTextual() && SOCKET.matcher(socket.asText()).matches())) {
            problems.add("metadata.json: 'vm.exposes.socket' must be a socket's file name in /run/guest-services,"
                    + " such as backend.sock");
        }
    }

    private static void host(JsonNode host, List<String> problems) {
        JsonNode binaries = host.path("binaries");
        if (!binaries.isArray()) {
            problems.add("metadata.json: 'host.binaries' must be a list of {\"linux\": [{\"path\": ...}], ...}");
            return;
        }
        for (JsonNode group : binaries) {
            group.fieldNames().forEachRemaining(platform -> {
                if (!PLATFORMS.contains(platform)) problems.add("metadata.json: 'host.binaries' names the unknown platform '" + platform + "'");
            });
            for (String platform : PLATFORMS) {
                for (JsonNode b : group.path(platform)) {
                    if (!text(b, "path") || !b.get("path").asText().startsWith("/")) {
                        problems.add("metadata.json: each of 'host.binaries." + platform + "' needs an absolute 'path'");
                    }
                }
            }
        }
    }

    /** A path inside a folder: relative, with no {@code ..} part. */
    static boolean relative(String path) {
        if (path.isEmpty() || path.startsWith("/")) return false;
        for (String part : path.split("/")) {
            if (part.equals("..")) return false;
        }
        return true;
    }

    private static boolean text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank();
    }
}
