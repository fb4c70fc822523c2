package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
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
    private final LiveStats stats;
    private final LiveLogs logs;
    private DockerClient.Stream events;
    private ScheduledFuture<?> reconnect;

    /** Pushes {@code system} (the VM and Berth page's document) every two seconds to pages that show it. */
    LiveHub(DockerClient docker, Supplier<ObjectNode> system) {
        this.docker = docker;
        this.lists = new DockerRoutes(docker);
        this.system = system;
        this.stats = new LiveStats(docker, loop, sessions);
        this.logs = new LiveLogs(docker);
        loop.scheduleWithFixedDelay(this::tick, 2, 2, TimeUnit.SECONDS);
        loop.scheduleWithFixedDelay(logs::flush, 100, 100, TimeUnit.MILLISECONDS);
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
            logs.detach(s);
            stats.reconcile();
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
            logs.subscribe(s, topics, added);
            for (String topic : added) {
                if (topic.startsWith("logs:")) continue;
                if (topic.equals("system")) {
                    s.send(message(topic, system.get()));
                    continue;
                }
                if (latest.containsKey(topic)) s.send(message(topic, latest.get(topic)));
                refresh(topic, 0);
            }
            stats.reconcile();
        });
    }

    /**
     * Pushes the VM and Berth page at once, such as after a subsystem changed state; only when a page shows it,
     * because making the document asks dockerd for its disk use, which must not compete with a VM's start.
     */
    void systemChanged() {
        loop.execute(() -> {
            if (watched("system")) publish("system", system.get());
        });
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
                if (e.path("Action").asText().equals("start")) logs.started(id);
            }
            case "image" -> refresh("images", 100);
            case "volume" -> refresh("volumes", 100);
            default -> { }
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
                if (topic.equals("containers")) stats.listed(data);
                else if (topic.startsWith("container:")) stats.inspected(data);
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

    private void tick() {
        if (sessions.isEmpty()) return;
        if (watched("system")) publish("system", system.get());
        stats.pushList();
        if (events == null && reconnect == null) follow();
    }

    private boolean watched(String topic) {
        return LiveSession.anyShows(sessions, topic);
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
            stats.close();
            logs.close();
        });
        loop.shutdown();
    }
}
