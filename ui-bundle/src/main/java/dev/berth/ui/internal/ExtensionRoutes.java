package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.extension.DockerExtension;
import dev.berth.api.extension.DockerExtensions;
import dev.berth.api.extension.Extension;
import dev.berth.api.extension.Extensions;
import dev.berth.ui.internal.web.Reply;
import dev.berth.ui.internal.web.Request;
import dev.berth.ui.internal.web.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The Extensions page's API: the installed extensions with state and reason, the tabs to show, install by upload,
 * removal, and the {@code ddClient} calls of Docker Desktop-format extensions' pages.
 */
final class ExtensionRoutes {
    /** What installing means, said before anything is installed (as {@code berth extension install} says it). */
    static final String RIGHTS = "Extensions run inside Berth with Berth's rights: they can read your files, run"
            + " programs and use the Docker Engine as you. Install only extensions you trust.";
    private static final long INSTALL_WAIT_MILLIS = 15_000;
    private final Supplier<Optional<Extensions>> extensions;
    private final Supplier<Optional<DockerExtensions>> docker;
    private final ExtensionTabs tabs;
    private final DdCalls calls;
    private final int port;

    ExtensionRoutes(Supplier<Optional<Extensions>> extensions, Supplier<Optional<DockerExtensions>> docker,
                    ExtensionTabs tabs, DdCalls calls, int port) {
        this.extensions = extensions;
        this.docker = docker;
        this.tabs = tabs;
        this.calls = calls;
        this.port = port;
    }

    void register(Router router) {
        router.add("GET", "/api/extensions", r -> CompletableFuture.completedFuture(Reply.json(view())));
        router.add("DELETE", "/api/extensions/{name}", r -> {
            String name = r.var("name");
            Optional<DockerExtensions> d = docker.get();
            if (d.isPresent() && d.get().find(name).isPresent() && d.get().remove(name)) {
                return CompletableFuture.completedFuture(Reply.message(200, name + " removed"));
            }
            Extensions e = extensions.get().orElseThrow(() -> new IllegalArgumentException("extensions are not available"));
            if (!e.remove(name)) return CompletableFuture.completedFuture(Reply.message(404, "no extension " + name));
            return CompletableFuture.completedFuture(Reply.message(200, name + " removed"));
        });
        router.add("POST", "/api/extensions", this::upload);
        // the dashboard's page relays here what an extension's frame asked; the frame itself has no token
        router.add("POST", "/api/docker-extensions/{id}/call", r -> {
            DockerExtension ext = docker.get().flatMap(d -> d.find(r.var("id"))).filter(e -> e.id().equals(r.var("id")))
                    .orElseThrow(() -> new IllegalArgumentException("there is no extension " + r.var("id")));
            JsonNode call = r.json();
            return calls.call(ext, call.path("call").asText(), call.path("args")).thenApply(result ->
                    Reply.json(JsonNodeFactory.instance.objectNode().set("result", result)));
        });
    }

    /**
     * When the extension's folder was written, which an update replaces: the dashboard loads the tab's page again
     * when it changes, so that an updated extension shows its new page even with the same image name.
     */
    static long installed(DockerExtension e) {
        try {
            return java.nio.file.Files.getLastModifiedTime(e.folder()).toMillis();
        } catch (java.io.IOException ex) {
            return 0;
        }
    }

    /**
     * Installs (or updates) an extension bundle uploaded as the request's body, as {@code berth extension install}
     * does: only when the page confirmed that the user accepts that it runs with Berth's rights, waiting until it
     * runs or failed; one that failed stays installed and listed with its reason, and the answer says why.
     */
    CompletableFuture<Reply> upload(Request r) throws IOException {
        if (!"yes".equals(r.param("confirm", ""))) {
            throw new IllegalArgumentException(RIGHTS + " Confirm the install by sending confirm=yes.");
        }
        Extensions e = extensions.get().orElseThrow(() -> new IllegalArgumentException("extensions are not available now"));
        byte[] jar = r.body();
        if (jar.length == 0) throw new IllegalArgumentException("the upload is empty: send the bundle jar as the request's body");
        String name = uploadName(r.param("name", "extension.jar"));
        Path file = Files.createTempFile("berth-upload-", ".jar");
        try {
            Files.write(file, jar);
            Optional<Extension> done = e.install(file, "uploaded in the dashboard (" + name + ")", INSTALL_WAIT_MILLIS);
            if (done.isEmpty()) {
                return CompletableFuture.completedFuture(Reply.message(202, name + " was copied into " + e.folder()
                        + " but did not start within " + INSTALL_WAIT_MILLIS / 1000 + " s; its row below shows how it stands"));
            }
            Extension x = done.get();
            String line = x.title() + " " + x.version() + " " + x.state().name().toLowerCase(Locale.ROOT);
            if (!x.reason().isEmpty()) return CompletableFuture.completedFuture(Reply.message(422, line + ": " + x.reason()));
            return CompletableFuture.completedFuture(Reply.json(Map.of("message", line, "name", x.name(), "tabs", x.tabs())));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The uploaded file's name as the origin shows it: its last segment, in harmless characters. */
    static String uploadName(String given) {
        String last = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1);
        String clean = last.replaceAll("[^A-Za-z0-9._+-]", "_");
        if (clean.isEmpty()) clean = "extension.jar";
        return clean.length() > 100 ? clean.substring(0, 100) : clean;
    }

    /** The page's document: {@code tabs} for the navigation, {@code extensions} and {@code docker} for the list. */
    ObjectNode view() {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        ArrayNode tabList = view.putArray("tabs");
        for (ExtensionTabs.Mounted m : tabs.list()) {
            tabList.addObject().put("id", m.id()).put("title", m.title()).put("bundle", m.bundle().getSymbolicName());
        }
        List<DockerExtension> images = docker.get().map(DockerExtensions::list).orElse(List.of());
        ArrayNode dockerList = view.putArray("docker");
        for (DockerExtension e : images) {
            ObjectNode n = dockerList.addObject().put("id", e.id()).put("image", e.image()).put("title", e.title())
                    .put("state", e.state().name().toLowerCase(Locale.ROOT)).put("reason", e.reason())
                    .put("backend", !e.backend().isEmpty()).put("tab", e.tabTitle());
            if (e.tabPage().isEmpty()) continue;
            String url = DdSites.url(e, port);
            n.put("url", url);
            tabList.addObject().put("id", "dd-" + e.id()).put("title", e.tabTitle()).put("bundle", e.image())
                    .put("docker", e.id()).put("url", url).put("origin", "http://" + e.id() + ".localhost:" + port)
                    .put("installed", installed(e));
        }
        Optional<Extensions> all = extensions.get();
        view.put("available", all.isPresent());
        all.ifPresent(e -> view.put("folder", e.folder().toString()));
        ArrayNode list = view.putArray("extensions");
        for (Extension e : all.map(Extensions::list).orElse(List.of())) {
            ObjectNode n = list.addObject();
            n.put("name", e.name()).put("version", e.version()).put("title", e.title()).put("file", e.file())
                    .put("state", e.state().name().toLowerCase(Locale.ROOT)).put("reason", e.reason()).put("origin", e.origin());
            e.tabs().forEach(n.putArray("tabs")::add);
        }
        return view;
    }
}
