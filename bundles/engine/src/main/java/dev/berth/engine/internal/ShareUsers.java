package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.files.Share;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Finds, in the engine's list of running containers, those that bind-mount a shared folder. */
final class ShareUsers {
    private ShareUsers() {
    }

    /**
     * A running container that bind-mounts shared folders.
     *
     * @param id     the container's id
     * @param name   its name, without the leading slash
     * @param shares the host paths of the shares it mounts from
     */
    record User(String id, String name, List<String> shares) {
    }

    /** The containers of {@code GET /containers/json} whose bind mounts lie in one of {@code shares}. */
    static List<User> in(JsonNode containers, List<Share> shares) {
        List<User> users = new ArrayList<>();
        for (JsonNode c : containers) {
            Set<String> used = new LinkedHashSet<>();
            for (JsonNode m : c.path("Mounts")) {
                if (!m.path("Type").asText().equals("bind")) continue;
                String source = m.path("Source").asText();
                if (!source.startsWith("/")) continue;
                Path path = Path.of(source);
                shares.stream().filter(s -> s.covers(path)).findFirst().ifPresent(s -> used.add(s.hostPath().toString()));
            }
            if (used.isEmpty()) continue;
            String name = c.path("Names").path(0).asText(c.path("Id").asText());
            users.add(new User(c.path("Id").asText(), name.startsWith("/") ? name.substring(1) : name, List.copyOf(used)));
        }
        return users;
    }
}
