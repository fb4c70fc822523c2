package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ui.internal.docker.DockerClient;
import dev.berth.ui.internal.docker.DockerResponse;
import dev.berth.ui.internal.docker.LineSplitter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps every open page up to date: follows Docker's event stream while a page is open, refreshes the lists an
 * event touches, samples stats, and pushes each topic to the pages that show it. All state lives on one thread.
 */
final class LiveHub implements AutoCloseable {
    private final DockerClient docker;
    private final DockerRoutes lists;
    private final Supplier<ObjectNode> system;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("berth-ui-live").unstarted(r));
    private final List<LiveSession> sessions = new ArrayList<>();
    private final Map<String, JsonNode> latest = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> refreshing = new HashMap<>();
    private final Map<String, StatsWatch> stats = new HashMap<>();
    private final Map<LiveSession, Map<String, LogFollower>> logs = new HashMap<>();
    private final Set<String> running = new HashSet<>();
    private DockerClient.Stream events;
    private ScheduledFuture<?> reconnect;

    /** Pushes {@code system} (the VM and Berth page's document) every two seconds to pages that show it. */
    LiveHub(DockerClient docker, Supplier<ObjectNode> system) {
        this.docker = docker;
        this.lists = new DockerRoutes(docker);
        this.system = system;
        loop.scheduleWithFixedDelay(this::tick, 2, 2, TimeUnit.SECONDS);
        loop.scheduleWithFixedDelay(this::flushLogs, 100, 100, TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(() -> refreshAll(false), 10, 10, TimeUnit.SECONDS);
    }

    void attach(LiveSession s) {
        loop.execute(() -> {
            sessions.add(s);
            if (events == null) follow();
        });
    }

    void detach(LiveSession s) {
        loop.execute(() -> {
            sessions.remove(s);
            Map<String, LogFollower> followers = logs.remove(s);
            if (followers != null) followers.values().forEach(LogFollower::close);
            reconcileStats();
            if (sessions.isEmpty() && events != null) {
                events.close();
                events = null;
            }
        });
    }

    /** Replaces the topics a page shows and sends each new one's current state at once. */
    void subscribe(LiveSession s, Set<String> topics) {
        loop.execute(() -> {
            Set<String> added = new HashSet<>(topics);
            added.removeAll(s.topics);
            s.topics = Set.copyOf(topics);
            Map<String, LogFollower> followers = logs.computeIfAbsent(s, k -> new HashMap<>());
            followers.entrySet().removeIf(e -> {
                if (topics.contains("logs:" + e.getKey())) return false;
                e.getValue().close();
                return true;
            });
            for (String topic : added) {
                if (topic.startsWith("logs:")) {
                    LogFollower f = new LogFollower(docker, topic.substring(5));
                    followers.put(topic.substring(5), f);
                    f.open();
                } else if (topic.equals("system")) {
                    s.send(message(topic, system.get()));
                } else if (latest.containsKey(topic)) {
                    s.send(message(topic, latest.get(topic)));
                    refresh(topic, 0);
                } else {
                    refresh(topic, 0);
                }
            }
            reconcileStats();
        });
    }

    /** Pushes the VM and Berth page at once, such as after a subsystem changed state. */
    void systemChanged() {
        loop.execute(() -> publish("system", system.get()));
    }

    private void follow() {
        String filters = DockerResponse.JSON.createObjectNode().set("type", JsonNodeFactory.instance.arrayNode()
                .add("container").add("image").add("volume")).toString();
        LineSplitter splitter = new LineSplitter();
        events = docker.stream("/events?filters=" + Paths.query(filters), new DockerClient.StreamListener() {
            @Override
            public void data(byte[] bytes) {
                List<String> lines = splitter.feed(bytes);
                loop.execute(() -> lines.forEach(LiveHub.this::event));
            }

            @Override
            public void end(String problem) {
                loop.execute(LiveHub.this::eventsEnded);
            }
        });
        refreshAll(true);
    }

    private void eventsEnded() {
        events = null;
        if (sessions.isEmpty() || reconnect != null) return;
        publishError(problemText());
        reconnect = loop.schedule(() -> {
            reconnect = null;
            if (!sessions.isEmpty() && events == null) follow();
        }, 2, TimeUnit.SECONDS);
    }

    private String problemText() {
        return "the Docker engine is not reachable; the pages update again as soon as it answers";
    }

    private void event(String line) {
        if (line.isBlank()) return;
        JsonNode e;
        try {
            e = DockerResponse.JSON.readTree(line);
        } catch (java.io.IOException ex) {
            return;
        }
        String type = e.path("Type").asText();
        String id = e.path("Actor").path("ID").asText(e.path("id").asText());
        switch (type) {
            case "container" -> {
                refresh("containers", 50);
                refresh("container:" + id, 50);
                refresh("images", 500);
                if (e.path("Action").asText().equals("start")) resumeLogs(id);
            }
            case "image" -> refresh("images", 100);
            case "volume" -> refresh("volumes", 100);
            default -> { }
        }
    }

    private void resumeLogs(String id) {
        for (Map<String, LogFollower> followers : logs.values()) {
            followers.forEach((cid, f) -> {
                if (id.startsWith(cid) || cid.startsWith(id) || f.idle()) f.open();
            });
        }
    }

    /** Fetches a topic again after {@code delayMs}, once however many events ask for it meanwhile. */
    private void refresh(String topic, long delayMs) {
        if (refreshing.containsKey(topic) || !watched(topic)) return;
        refreshing.put(topic, loop.schedule(() -> {
            refreshing.remove(topic);
            fetch(topic).whenComplete((data, error) -> loop.execute(() -> {
                if (error != null) {
                    publish(topic, errorNode(error));
                    return;
                }
                latest.put(topic, data);
                publish(topic, data);
                if (topic.equals("containers")) {
                    running.clear();
                    for (JsonNode row : data) if (row.path("state").asText().equals("running")) running.add(row.path("id").asText());
                    reconcileStats();
                } else if (topic.startsWith("container:")) {
                    if (data.path("State").path("Running").asBoolean()) running.add(data.path("Id").asText());
                    else running.remove(data.path("Id").asText());
                    reconcileStats();
                }
            }));
        }, delayMs, TimeUnit.MILLISECONDS));
    }

    private CompletableFuture<JsonNode> fetch(String topic) {
        return switch (topic) {
            case "containers" -> lists.get("/containers/json?all=1").thenApply(ContainerRows::of);
            case "images" -> lists.get("/images/json").thenCombine(lists.get("/containers/json?all=1"), ImageRows::images);
            case "volumes" -> lists.get("/volumes").thenCombine(lists.get("/system/df?type=volume"), ImageRows::volumes);
            default -> topic.startsWith("container:")
                    ? lists.get("/containers/" + Paths.segment(topic.substring(10)) + "/json")
                    : CompletableFuture.failedFuture(new IllegalArgumentException("unknown topic " + topic));
        };
    }

    private void refreshAll(boolean now) {
        Set<String> topics = new HashSet<>();
        for (LiveSession s : sessions) topics.addAll(s.topics);
        for (String t : topics) if (!t.startsWith("logs:") && !t.equals("system")) refresh(t, now ? 0 : 10);
    }

    /** Follows stats of running containers that a page shows: all of them on the list, one on its own page. */
    private void reconcileStats() {
        Set<String> wanted = new HashSet<>();
        boolean list = watched("containers");
        for (String id : running) if (list || watched("container:" + id)) wanted.add(id);
        stats.entrySet().removeIf(e -> {
            if (wanted.contains(e.getKey()) && !e.getValue().ended()) return false;
            e.getValue().close();
            return true;
        });
        for (String id : wanted) {
            if (!stats.containsKey(id)) {
                stats.put(id, new StatsWatch(docker, id, (cid, sample) -> loop.execute(() -> publishStats(cid, sample))));
            }
        }
    }

    private void publishStats(String id, ObjectNode sample) {
        ObjectNode msg = JsonNodeFactory.instance.objectNode().put("topic", "stats").put("id", id);
        msg.set("data", sample);
        String text = msg.toString();
        for (LiveSession s : sessions) if (s.topics.contains("container:" + id)) s.send(text);
    }

    private void tick() {
        if (sessions.isEmpty()) return;
        if (watched("system")) publish("system", system.get());
        if (watched("containers")) {
            ObjectNode all = JsonNodeFactory.instance.objectNode();
            stats.forEach((id, w) -> {
                if (w.latest() != null) all.set(id, w.latest());
            });
            String text = message("containerStats", all);
            for (LiveSession s : sessions) if (s.topics.contains("containers")) s.send(text);
        }
        if (events == null && reconnect == null) follow();
    }

    private void flushLogs() {
        logs.forEach((session, followers) -> followers.forEach((id, f) -> {
            if (!session.writable()) return;
            ArrayNode lines = f.drain();
            if (lines == null) return;
            ObjectNode msg = JsonNodeFactory.instance.objectNode().put("topic", "logs:" + id);
            msg.set("lines", lines);
            session.send(msg.toString());
        }));
    }

    private boolean watched(String topic) {
        for (LiveSession s : sessions) if (s.topics.contains(topic)) return true;
        return false;
    }

    private void publish(String topic, JsonNode data) {
        String text = message(topic, data);
        for (LiveSession s : sessions) if (s.topics.contains(topic)) s.send(text);
    }

    private void publishError(String problem) {
        for (String topic : List.of("containers", "images", "volumes")) publish(topic, errorNode(new Exception(problem)));
    }

    static ObjectNode errorNode(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.io.UncheckedIOException)) cause = cause.getCause();
        return JsonNodeFactory.instance.objectNode().put("error", String.valueOf(cause.getMessage()));
    }

    static String message(String topic, JsonNode data) {
        ObjectNode msg = JsonNodeFactory.instance.objectNode().put("topic", topic);
        msg.set("data", data);
        return msg.toString();
    }

    @Override
    public void close() {
        loop.execute(() -> {
            if (events != null) events.close();
            stats.values().forEach(StatsWatch::close);
            logs.values().forEach(m -> m.values().forEach(LogFollower::close));
        });
        loop.shutdown();
    }
}
