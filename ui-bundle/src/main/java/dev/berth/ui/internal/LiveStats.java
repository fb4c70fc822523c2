package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ui.internal.docker.DockerClient;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Samples the stats of the running containers that open pages show (all of them on the containers list, one on its
 * own page) and pushes them; used on the hub's thread, to which the samples are handed back.
 */
final class LiveStats {
    private final DockerClient docker;
    private final Executor loop;
    private final List<LiveSession> sessions;
    private final Map<String, StatsWatch> watches = new HashMap<>();
    private final Set<String> running = new HashSet<>();

    /** Stats for the pages in {@code sessions}, the hub's own list, with samples handed to {@code loop}. */
    LiveStats(DockerClient docker, Executor loop, List<LiveSession> sessions) {
        this.docker = docker;
        this.loop = loop;
        this.sessions = sessions;
    }

    /** Takes which containers run from a fresh containers list. */
    void listed(JsonNode rows) {
        running.clear();
        for (JsonNode row : rows) if (row.path("state").asText().equals("running")) running.add(row.path("id").asText());
        reconcile();
    }

    /** Takes whether one container runs from its fresh inspection. */
    void inspected(JsonNode container) {
        if (container.path("State").path("Running").asBoolean()) running.add(container.path("Id").asText());
        else running.remove(container.path("Id").asText());
        reconcile();
    }

    /** Starts and stops sampling so that exactly the running containers some page shows are followed. */
    void reconcile() {
        Set<String> wanted = new HashSet<>();
        boolean list = LiveSession.anyShows(sessions, "containers");
        for (String id : running) if (list || LiveSession.anyShows(sessions, "container:" + id)) wanted.add(id);
        watches.entrySet().removeIf(e -> {
            if (wanted.contains(e.getKey()) && !e.getValue().ended()) return false;
            e.getValue().close();
            return true;
        });
        for (String id : wanted) {
            if (!watches.containsKey(id)) {
                watches.put(id, new StatsWatch(docker, id, (cid, sample) -> loop.execute(() -> publish(cid, sample))));
            }
        }
    }

    /** Sends the latest sample of every followed container, as one message, to the pages that show the list. */
    void pushList() {
        if (!LiveSession.anyShows(sessions, "containers")) return;
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        watches.forEach((id, w) -> {
            if (w.latest() != null) all.set(id, w.latest());
        });
        String text = LiveHub.message("containerStats", all);
        for (LiveSession s : sessions) if (s.topics.contains("containers")) s.send(text);
    }

    private void publish(String id, ObjectNode sample) {
        ObjectNode msg = JsonNodeFactory.instance.objectNode().put("topic", "stats").put("id", id);
        msg.set("data", sample);
        String text = msg.toString();
        for (LiveSession s : sessions) if (s.topics.contains("container:" + id)) s.send(text);
    }

    void close() {
        watches.values().forEach(StatsWatch::close);
    }
}
