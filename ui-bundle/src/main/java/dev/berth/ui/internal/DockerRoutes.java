package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.ui.internal.docker.DockerClient;
import dev.berth.ui.internal.docker.DockerResponse;
import dev.berth.ui.internal.web.Reply;
import dev.berth.ui.internal.web.Request;
import dev.berth.ui.internal.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The API routes for containers, images and volumes, each answered by the Docker engine. */
final class DockerRoutes {
    private static final Set<String> ACTIONS = Set.of("start", "stop", "restart", "pause", "unpause");
    private final DockerClient docker;

    DockerRoutes(DockerClient docker) {
        this.docker = docker;
    }

    /** Adds the routes to {@code router}. */
    void register(Router router) {
        router.add("GET", "/api/containers", r -> containers())
                .add("GET", "/api/containers/{id}", r -> json("GET", "/containers/" + Paths.segment(r.var("id")) + "/json"))
                .add("POST", "/api/containers/{id}/{action}", this::act)
                .add("DELETE", "/api/containers/{id}", r -> done("DELETE",
                        "/containers/" + Paths.segment(r.var("id")) + "?force=1", "deleted"))
                .add("GET", "/api/images", r -> images())
                .add("DELETE", "/api/images/{id}", r -> done("DELETE",
                        "/images/" + Paths.segment(r.var("id")) + "?force=" + r.param("force", "0"), "deleted"))
                .add("POST", "/api/images/run", this::run)
                .add("GET", "/api/volumes", r -> volumes())
                .add("DELETE", "/api/volumes/{name}", r -> done("DELETE", "/volumes/" + Paths.segment(r.var("name")), "deleted"));
    }

    CompletableFuture<Reply> containers() {
        return get("/containers/json?all=1").thenApply(list -> Reply.json(ContainerRows.of(list)));
    }

    CompletableFuture<Reply> images() {
        return get("/images/json").thenCombine(get("/containers/json?all=1"),
                (images, containers) -> Reply.json(ImageRows.images(images, containers)));
    }

    CompletableFuture<Reply> volumes() {
        return get("/volumes").thenCombine(get("/system/df?type=volume"),
                (volumes, df) -> Reply.json(ImageRows.volumes(volumes, df)));
    }

    private CompletableFuture<Reply> act(Request r) {
        String action = r.var("action");
        if (!ACTIONS.contains(action)) throw new IllegalArgumentException("unknown action '" + action + "'; use one of " + ACTIONS);
        return done("POST", "/containers/" + Paths.segment(r.var("id")) + "/" + action, action);
    }

    private CompletableFuture<Reply> run(Request r) throws IOException {
        JsonNode form = r.json();
        String name = form.path("name").asText("").strip();
        String path = "/containers/create" + (name.isEmpty() ? "" : "?name=" + Paths.query(name));
        return docker.call("POST", path, RunRequest.createBody(form)).thenCompose(created -> {
            if (!created.ok()) return CompletableFuture.completedFuture(Reply.message(created.status(), created.error()));
            String id = json(created).path("Id").asText();
            return docker.call("POST", "/containers/" + id + "/start", null).thenApply(started -> started.ok()
                    ? Reply.json(Map.of("id", id, "message", "started"))
                    : Reply.message(started.status(), "created, but it did not start: " + started.error()));
        });
    }

    /** A call whose answer is passed on as it is: Docker's JSON on success, its error sentence otherwise. */
    private CompletableFuture<Reply> json(String method, String path) {
        return docker.call(method, path, null).thenApply(res -> res.ok()
                ? new Reply(200, "application/json", res.body(), Map.of()) : Reply.message(res.status(), res.error()));
    }

    /** A call whose success is reported as {@code {"message": what}}. */
    private CompletableFuture<Reply> done(String method, String path, String what) {
        return docker.call(method, path, null).thenApply(res -> res.ok()
                ? Reply.json(Map.of("message", what)) : Reply.message(res.status(), res.error()));
    }

    /** The JSON of a GET, failing with Docker's sentence when it fails. */
    CompletableFuture<JsonNode> get(String path) {
        return docker.call("GET", path, null).thenApply(res -> {
            if (!res.ok()) throw new UncheckedIOException(new IOException(res.error()));
            return json(res);
        });
    }

    private static JsonNode json(DockerResponse res) {
        try {
            return res.json();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
