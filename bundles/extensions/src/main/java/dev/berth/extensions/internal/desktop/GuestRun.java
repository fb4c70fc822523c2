package dev.berth.extensions.internal.desktop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.extension.GuestContainer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How an extension bundle's {@link GuestContainer} becomes a container of the engine: its name, its labels and the
 * body of its creation, with a digest of that body so that an unchanged container is left running.
 */
final class GuestRun {
    /** Marks Berth's guest-service containers; its value is the container's name within the extension. */
    static final String SERVICE_LABEL = "dev.berth.guest-service";
    /** The extension's bundle symbolic name. */
    static final String EXTENSION_LABEL = "dev.berth.extension";
    /** The digest of the creation body, to tell whether the running container is still the one asked for. */
    static final String SPEC_LABEL = "dev.berth.guest-service.spec";

    private GuestRun() {
    }

    /** The engine's name for the container: {@code berth-ext-<bundle>-<name>}, the bundle's odd characters as dashes. */
    static String container(String bundle, String name) {
        return VmService.container(bundle.replaceAll("[^A-Za-z0-9_.-]", "-") + "-" + name);
    }

    /** The container's guest-services volume, when it has one. */
    static String volume(String bundle, String name) {
        return VmService.volume(bundle + "/" + name);
    }

    /** The body of {@code POST /containers/create}, its digest among the labels. */
    static Map<String, Object> create(String bundle, GuestContainer c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Image", Engine.checkImage(c.image()));
        if (!c.command().isEmpty()) body.put("Cmd", c.command());
        body.put("Env", new TreeMap<>(c.environment()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        Map<String, String> labels = new TreeMap<>(Map.of(EXTENSION_LABEL, bundle, SERVICE_LABEL, c.name()));
        body.put("Labels", labels);
        Map<String, Object> host = new LinkedHashMap<>();
        if (c.guestServices()) {
            // sorted maps throughout: the digest must not change with the JVM's order of Map.of
            host.put("Mounts", List.of(new TreeMap<>(Map.of("Type", "volume", "Source", volume(bundle, c.name()),
                    "Target", VmService.GUEST_SERVICES))));
        }
        // the engine starts it again whenever the VM boots, and it stops with the VM
        host.put("RestartPolicy", Map.of("Name", "unless-stopped"));
        body.put("HostConfig", host);
        labels.put(SPEC_LABEL, digest(body));
        return body;
    }

    /** Whether an inspected container was created from this body (its digest label matches). */
    static boolean same(JsonNode inspected, Map<String, Object> create) {
        @SuppressWarnings("unchecked")
        Map<String, String> labels = (Map<String, String>) create.get("Labels");
        return inspected.path("Config").path("Labels").path(SPEC_LABEL).asText("").equals(labels.get(SPEC_LABEL));
    }

    private static String digest(Map<String, Object> body) {
        try {
            byte[] json = Engine.JSON.writeValueAsBytes(body);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 12);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The guest-services volume an inspected container mounts, or empty. */
    static String mountedVolume(JsonNode inspected) {
        for (JsonNode m : inspected.path("Mounts")) {
            if (VmService.GUEST_SERVICES.equals(m.path("Destination").asText())) return m.path("Name").asText("");
        }
        return "";
    }
}
