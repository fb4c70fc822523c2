package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Stops and starts containers through the engine's API, all at once, as {@code docker stop} and {@code docker start} do. */
final class ContainerStops {
    private final EngineApi api;

    ContainerStops(EngineApi api) {
        this.api = api;
    }

    /**
     * What stopping some containers came to.
     *
     * @param stopped the stopped containers that still exist ({@code --rm} ones are removed by the engine)
     * @param removed names of stopped containers that the engine removed ({@code --rm})
     * @param failure why a container could not be stopped, if one could not
     */
    record Outcome(List<StoppedForSave.Entry> stopped, List<String> removed, Optional<String> failure) {
        /** A sentence naming the containers. */
        String describe() {
            String text = stopped.isEmpty() ? "" : "they start again once the VM runs: "
                    + String.join(", ", stopped.stream().map(StoppedForSave.Entry::name).toList());
            if (removed.isEmpty()) return text;
            return (text.isEmpty() ? "" : text + "; ") + "started with --rm, so removed: " + String.join(", ", removed);
        }
    }

    /** Stops {@code users}, each with its own stop timeout, and notes how to start each again. */
    Outcome stop(List<ShareUsers.User> users) {
        List<StoppedForSave.Entry> stopped = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<StoppedForSave.Entry>> results = users.stream().map(u -> pool.submit(() -> stop(u))).toList();
            for (int i = 0; i < users.size(); i++) {
                try {
                    StoppedForSave.Entry e = results.get(i).get();
                    if (e == null) removed.add(users.get(i).name());
                    else stopped.add(e);
                } catch (ExecutionException e) {
                    failures.add(users.get(i).name() + ": " + e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(users.get(i).name() + ": interrupted");
                }
            }
        }
        Optional<String> failure = failures.isEmpty() ? Optional.empty()
                : Optional.of("containers use shared folders and could not be stopped (" + String.join("; ", failures) + ")");
        return new Outcome(List.copyOf(stopped), List.copyOf(removed), failure);
    }

    /** Stops one container; null when it was started with {@code --rm}, which the engine removes once stopped. */
    private StoppedForSave.Entry stop(ShareUsers.User user) throws IOException {
        JsonNode host = api.get("/containers/" + user.id() + "/json").path("HostConfig");
        String policy = host.path("RestartPolicy").path("Name").asText("");
        EngineApi.Answer a = api.call("POST", "/containers/" + user.id() + "/stop", null);
        if (!a.ok() && a.status() != 304) throw new IOException("the engine answered " + a.status() + ": " + a.body().strip());
        if (host.path("AutoRemove").asBoolean()) return null;
        return new StoppedForSave.Entry(user.id(), user.name(), policy.isEmpty() ? "no" : policy, user.shares());
    }

    /** Starts {@code entries}; returns a sentence for each that did not start. */
    List<String> start(List<StoppedForSave.Entry> entries) {
        List<String> problems = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = entries.stream().map(e -> pool.submit(() -> start(e))).toList();
            for (Future<String> f : results) {
                try {
                    String problem = f.get();
                    if (problem != null) problems.add(problem);
                } catch (ExecutionException | InterruptedException e) {
                    problems.add(e.toString());
                }
            }
        }
        return problems;
    }

    private String start(StoppedForSave.Entry e) {
        try {
            EngineApi.Answer a = api.call("POST", "/containers/" + e.id() + "/start", null);
            if (a.ok() || a.status() == 304) return null;
            return a.status() == 404 ? e.name() + " no longer exists"
                    : e.name() + " did not start (" + a.status() + ": " + a.body().strip() + ")";
        } catch (IOException x) {
            return e.name() + " did not start: " + x.getMessage();
        }
    }
}
