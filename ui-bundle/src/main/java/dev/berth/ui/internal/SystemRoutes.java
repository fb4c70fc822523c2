package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.daemon.Diagnostics;
import dev.berth.api.daemon.DiagnosticsRequest;
import dev.berth.api.extension.ExtensionSettings;
import dev.berth.api.settings.Settings;
import dev.berth.api.vm.VmInfo;
import dev.berth.ui.internal.docker.DockerResponse;
import dev.berth.ui.internal.web.Reply;
import dev.berth.ui.internal.web.Request;
import dev.berth.ui.internal.web.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The API routes for the VM and Berth page (restart, factory reset, diagnostics) and the Settings page, which edits
 * Berth's own settings and the sections extensions describe.
 */
final class SystemRoutes {
    private final Backends backends;
    private final Supplier<ObjectNode> system;
    private final VmOperations operations;
    private final DockerRoutes docker;
    private final Diagnostics diagnostics;
    /** Strings the diagnostics zip must not hold, such as the dashboard's token. */
    private final List<String> secrets;
    private final Map<String, Object> dashboardInForce;

    SystemRoutes(Backends backends, Supplier<ObjectNode> system, VmOperations operations, DockerRoutes docker,
                 Diagnostics diagnostics, List<String> secrets, Map<String, Object> dashboardInForce) {
        this.backends = backends;
        this.system = system;
        this.operations = operations;
        this.docker = docker;
        this.diagnostics = diagnostics;
        this.secrets = secrets;
        this.dashboardInForce = dashboardInForce;
    }

    void register(Router router) {
        router.add("GET", "/api/system", r -> done(Reply.json(system.get())))
                .add("POST", "/api/vm/restart", r -> {
                    operations.restart();
                    return done(Reply.json(202, Map.of("message", "the VM is restarting")));
                })
                .add("POST", "/api/reset", this::reset)
                .add("GET", "/api/diagnostics", r -> diagnostics())
                .add("GET", "/api/settings", r -> done(Reply.json(settingsView())))
                .add("PUT", "/api/settings", this::change);
    }

    private CompletableFuture<Reply> reset(Request r) throws IOException {
        if (!"reset".equals(r.json().path("confirm").asText())) {
            throw new IllegalArgumentException("a factory reset deletes every image, container and volume; confirm it"
                    + " by sending {\"confirm\": \"reset\"}");
        }
        operations.factoryReset();
        return done(Reply.json(202, Map.of("message", "resetting to factory defaults")));
    }

    private CompletableFuture<Reply> diagnostics() {
        CompletableFuture<JsonNode> info = optional(docker.get("/info"));
        CompletableFuture<JsonNode> version = optional(docker.get("/version"));
        return info.thenCombine(version, (i, v) -> {
            Map<String, String> documents = new LinkedHashMap<>();
            documents.put("docker-info.json", i.toString());
            documents.put("docker-version.json", v.toString());
            try {
                byte[] zip = diagnostics.zip(new DiagnosticsRequest(system.get().toString(), documents, secrets));
                String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                return Reply.download("application/zip", zip, "berth-diagnostics-" + stamp + ".zip");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** A Docker document, or a note saying why it is missing: diagnostics are most wanted when the engine is down. */
    private static CompletableFuture<JsonNode> optional(CompletableFuture<JsonNode> call) {
        return call.completeOnTimeout(JsonNodeFactory.instance.objectNode().put("missing", "the engine did not answer within 5 s"),
                5, TimeUnit.SECONDS).exceptionally(e -> LiveHub.errorNode(e));
    }

    ObjectNode settingsView() {
        Settings settings = backends.settings();
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("file", settings.file().toString());
        settings.problem().ifPresent(p -> view.put("problem", p.describe() + "; the last good settings stay in force"));
        view.put("vmState", backends.vm().map(v -> v.state().name().toLowerCase(java.util.Locale.ROOT)).orElse("absent"));
        view.set("fields", SettingsForm.view(settings.current(), inForce()));
        view.set("extensions", ExtensionSettingsView.view(backends.extensionSettings().map(ExtensionSettings::sections)
                .orElse(List.of()), settings.current()));
        return view;
    }

    /** The values the subsystems use now, where they say. */
    private Map<String, Object> inForce() {
        Map<String, Object> values = new LinkedHashMap<>(dashboardInForce);
        Optional<VmInfo> info = backends.vm().flatMap(v -> v.info());
        info.ifPresent(i -> {
            values.put("vm.cpus", i.cpus());
            values.put("vm.memoryMiB", i.memoryMiB());
            values.put("vm.diskGiB", i.diskBytes() >> 30);
        });
        backends.fileShares().ifPresent(f -> values.put("fileSharing.shares",
                f.shares().stream().map(s -> s.hostPath().toString()).toList()));
        return values;
    }

    private CompletableFuture<Reply> change(Request r) throws IOException {
        JsonNode body = r.json();
        String key = body.path("key").asText();
        if (SettingsForm.FIELDS.stream().noneMatch(f -> f.key().equals(key)) && backends.extensionSettings().isPresent()) {
            return done(extensionChange(backends.extensionSettings().get(), key, body.path("value")));
        }
        SettingsForm.Field field = SettingsForm.field(key);
        Optional<VmInfo> info = backends.vm().flatMap(v -> v.info());
        SettingsForm.Limits limits = new SettingsForm.Limits(Runtime.getRuntime().availableProcessors(), hostMemoryMiB(),
                info.map(i -> i.diskBytes() >> 30).orElse(0L));
        JsonNode value = body.path("value");
        if (value.isNull() || value.isMissingNode()) {
            backends.settings().unset(field.key());
        } else {
            backends.settings().set(field.key(), SettingsForm.validate(field, value, limits));
        }
        Optional<String> problem = backends.settings().problem().map(p -> p.describe());
        if (problem.isPresent()) return done(Reply.message(409, "written, but not applied: " + problem.get()));
        String applies = switch (field.applies()) {
            case VM_RESTART -> info.isPresent() ? "saved; it applies when the VM restarts" : "saved; it applies when the VM starts";
            case NOW -> "saved and applied";
            case DASHBOARD -> "saved; the dashboard moves to the new port now: reopen it with berth dashboard";
        };
        return done(Reply.json(Map.of("message", applies, "applies", field.applies().name(),
                "restartNeeded", field.applies() == SettingsForm.Applies.VM_RESTART && info.isPresent())));
    }

    /** A setting of an extension's section: checked against its Metatype, then it reaches the extension at once. */
    private Reply extensionChange(ExtensionSettings extensions, String key, JsonNode value) throws IOException {
        if (value.isNull() || value.isMissingNode()) {
            backends.settings().unset(key);
        } else {
            backends.settings().set(key, extensions.convert(key, DockerResponse.JSON.treeToValue(value, Object.class)));
        }
        Optional<String> problem = backends.settings().problem().map(p -> p.describe());
        if (problem.isPresent()) return Reply.message(409, "written, but not applied: " + problem.get());
        return Reply.json(Map.of("message", "saved and applied", "applies", SettingsForm.Applies.NOW.name(), "restartNeeded", false));
    }

    static long hostMemoryMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException | RuntimeException e) {
            // Berth runs on Linux, which always has /proc/meminfo; allow any size if it cannot be read
        }
        return Long.MAX_VALUE >> 20;
    }

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
