package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.files.FileShares;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the host paths a Docker API request would bind-mount and checks them against the file shares: container
 * create and (before API 1.24) start bodies, local volumes that bind a device, and swarm service specs.
 */
final class MountCheck {
    /** Guest paths that are not host folders and may always be mounted. */
    private static final Set<String> GUEST_PATHS = Set.of("/var/run/docker.sock", "/run/docker.sock");

    private MountCheck() {
    }

    /** Whether a {@code POST} of this route can bind-mount host paths. */
    static boolean checks(ApiPath route) {
        return route.is("/containers/create") || route.is("/containers/*/start") || route.is("/volumes/create")
                || route.is("/services/create") || route.is("/services/*/update");
    }

    /** The first bind-mounted host path that no share covers, or every one when there is no file sharing. */
    static Optional<String> firstUnshared(ApiPath route, JsonNode body, Optional<FileShares> shares) {
        for (String source : bindSources(route, body)) {
            if (GUEST_PATHS.contains(source)) continue;
            if (shares.isEmpty() || !covered(source, shares.get())) return Optional.of(source);
        }
        return Optional.empty();
    }

    /**
     * The host folder of the first share that covers a bind-mounted path of the request but is not mounted in the
     * VM now; such a bind would give the container an empty folder instead of the user's files.
     */
    static Optional<Path> firstUnavailable(ApiPath route, JsonNode body, FileShares shares) {
        for (String source : bindSources(route, body)) {
            if (GUEST_PATHS.contains(source)) continue;
            Optional<Path> share;
            try {
                share = shares.covering(Path.of(source)).map(s -> s.hostPath());
            } catch (InvalidPathException e) {
                continue;
            }
            if (share.isPresent() && !shares.mounted(share.get())) return share;
        }
        return Optional.empty();
    }

    private static boolean covered(String source, FileShares shares) {
        try {
            return shares.covering(Path.of(source)).isPresent();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The host paths the request body of a {@code POST} to {@code route} bind-mounts; keys in any letter case. */
    static List<String> bindSources(ApiPath route, JsonNode body) {
        List<String> sources = new ArrayList<>();
        if (route.is("/volumes/create")) {
            for (JsonNode options : GoJson.fields(body, "DriverOpts")) boundDevice(options, sources);
        } else if (route.path().startsWith("/services/")) {
            for (JsonNode task : GoJson.fields(body, "TaskTemplate")) {
                for (JsonNode spec : GoJson.fields(task, "ContainerSpec")) mounts(GoJson.elements(spec, "Mounts"), sources);
            }
        } else {
            // dockerd reads a HostConfig's fields at the top level too when the body has no HostConfig.
            List<JsonNode> hostConfigs = new ArrayList<>(GoJson.fields(body, "HostConfig"));
            hostConfigs.add(body);
            for (JsonNode hostConfig : hostConfigs) {
                for (JsonNode bind : GoJson.elements(hostConfig, "Binds")) {
                    String spec = bind.asText();
                    int colon = spec.indexOf(':');
                    String source = colon < 0 ? spec : spec.substring(0, colon);
                    if (source.startsWith("/")) sources.add(source);
                }
                mounts(GoJson.elements(hostConfig, "Mounts"), sources);
            }
        }
        return sources;
    }

    /** Sources of {@code Mounts} entries that name a host path, and devices that their volume options bind. */
    private static void mounts(List<JsonNode> mounts, List<String> sources) {
        for (JsonNode mount : mounts) {
            for (JsonNode source : GoJson.fields(mount, "Source")) {
                if (source.asText().startsWith("/")) sources.add(source.asText());
            }
            for (JsonNode volume : GoJson.fields(mount, "VolumeOptions")) {
                for (JsonNode driver : GoJson.fields(volume, "DriverConfig")) {
                    for (JsonNode options : GoJson.fields(driver, "Options")) boundDevice(options, sources);
                }
            }
        }
    }

    /** The {@code device} of local-driver options that bind-mount it ({@code type=none}, {@code o=bind}). */
    private static void boundDevice(JsonNode options, List<String> sources) {
        JsonNode device = options.path("device");
        if (!device.isTextual()) return;
        boolean bind = options.path("type").asText().equals("none") || Arrays.stream(options.path("o").asText().split(","))
                .map(String::strip).anyMatch(o -> o.equals("bind") || o.equals("rbind"));
        if (bind) sources.add(device.asText());
    }

    /** The refusal, in the spirit of Docker Desktop's "Mounts denied" and naming Berth's setting. */
    static String deniedMessage(String path) {
        return "Mounts denied: the path " + path + " is not shared from the host and is not known to Berth. "
                + "Share it with: berth shares add " + path + " (setting fileSharing.shares), then try again.";
    }

    /** The refusal of a bind under a share the VM does not have mounted now. */
    static String unavailableMessage(Path share) {
        return "Mounts denied: the shared folder " + share + " is not available in the VM, so a bind mount of it "
                + "would show an empty folder. See why with: berth shares (or berth status), then try again.";
    }

    /** The refusal while Berth's file sharing is not running, so no host path can be checked. */
    static String noSharingMessage(String path) {
        return "Mounts denied: the path " + path + " cannot be checked because Berth's file sharing is not running. "
                + "See: berth status";
    }
}
