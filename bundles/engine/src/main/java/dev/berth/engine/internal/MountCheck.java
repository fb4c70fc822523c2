package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.files.FileShares;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds the host paths a container create request bind-mounts and checks them against the file shares. */
final class MountCheck {
    /** Guest paths that are not host folders and may always be mounted. */
    private static final Set<String> GUEST_PATHS = Set.of("/var/run/docker.sock", "/run/docker.sock");

    private MountCheck() {
    }

    /** The first bind-mounted host path that no share covers. */
    static Optional<String> firstUnshared(JsonNode create, FileShares shares) {
        for (String source : bindSources(create)) {
            if (GUEST_PATHS.contains(source)) continue;
            if (shares.covering(Path.of(source)).isEmpty()) return Optional.of(source);
        }
        return Optional.empty();
    }

    /** Host paths of {@code HostConfig.Binds} ({@code src:dst[:opts]}) and of bind {@code HostConfig.Mounts}. */
    static List<String> bindSources(JsonNode create) {
        List<String> sources = new ArrayList<>();
        for (JsonNode bind : create.path("HostConfig").path("Binds")) {
            String spec = bind.asText();
            int colon = spec.indexOf(':');
            String source = colon < 0 ? spec : spec.substring(0, colon);
            if (source.startsWith("/")) sources.add(source);
        }
        for (JsonNode mount : create.path("HostConfig").path("Mounts")) {
            if (mount.path("Type").asText().equals("bind")) sources.add(mount.path("Source").asText());
        }
        return sources;
    }

    /** The refusal, in the spirit of Docker Desktop's "Mounts denied" and naming Berth's setting. */
    static String deniedMessage(String path) {
        return "Mounts denied: the path " + path + " is not shared from the host and is not known to Berth. "
                + "Share it with: berth shares add " + path + " (setting fileSharing.shares), then try again.";
    }
}
