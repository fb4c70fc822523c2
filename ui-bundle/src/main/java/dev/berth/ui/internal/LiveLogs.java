package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ui.internal.docker.DockerClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The container logs that open pages follow, a follower for each page and container; used on the hub's thread. */
final class LiveLogs {
    private final DockerClient docker;
    private final Map<LiveSession, Map<String, LogFollower>> followers = new HashMap<>();

    LiveLogs(DockerClient docker) {
        this.docker = docker;
    }

    /** Closes {@code s}'s followers of topics it no longer shows, and opens one for each {@code logs:} topic added. */
    void subscribe(LiveSession s, Set<String> topics, Set<String> added) {
        Map<String, LogFollower> mine = followers.computeIfAbsent(s, k -> new HashMap<>());
        mine.entrySet().removeIf(e -> {
            if (topics.contains("logs:" + e.getKey())) return false;
            e.getValue().close();
            return true;
        });
        for (String topic : added) {
            if (!topic.startsWith("logs:")) continue;
            LogFollower f = new LogFollower(docker, topic.substring(5));
            mine.put(topic.substring(5), f);
            f.open();
        }
    }

    /** Closes the followers of a page that went away. */
    void detach(LiveSession s) {
        Map<String, LogFollower> mine = followers.remove(s);
        if (mine != null) mine.values().forEach(LogFollower::close);
    }

    /** Follows container {@code id} again after it started, and every follower whose stream had ended. */
    void started(String id) {
        for (Map<String, LogFollower> mine : followers.values()) {
            mine.forEach((cid, f) -> {
                if (id.startsWith(cid) || cid.startsWith(id) || f.idle()) f.open();
            });
        }
    }

    /** Sends each page the lines gathered since the last flush, unless it reads too slowly to take them now. */
    void flush() {
        followers.forEach((session, mine) -> mine.forEach((id, f) -> {
            if (!session.writable()) return;
            ArrayNode lines = f.drain();
            if (lines == null) return;
            ObjectNode msg = JsonNodeFactory.instance.objectNode().put("topic", "logs:" + id);
            msg.set("lines", lines);
            session.send(msg.toString());
        }));
    }

    void close() {
        followers.values().forEach(m -> m.values().forEach(LogFollower::close));
    }
}
