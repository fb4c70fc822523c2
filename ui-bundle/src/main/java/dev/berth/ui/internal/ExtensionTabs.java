package dev.berth.ui.internal;

import dev.berth.api.extension.DashboardTab;
import dev.berth.api.extension.TabRequest;
import dev.berth.api.extension.TabResponse;
import dev.berth.ui.internal.web.Reply;
import dev.berth.ui.internal.web.Request;
import dev.berth.ui.internal.web.Router;
import dev.berth.ui.internal.web.StaticFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.service.log.Logger;

/**
 * The dashboard tabs extension bundles registered, served under {@code /extensions/<id>/}: a tab's handler first,
 * then the static files of its bundle, and its WebSockets. A tab that throws or hangs answers with an error and holds
 * none of the dashboard's own threads.
 */
final class ExtensionTabs implements Router.Action {
    static final String PREFIX = "/extensions/";
    /** How long a tab's handler may take before the browser gets a 504. */
    private static final long TIMEOUT_SECONDS = 30;

    /**
     * A registered tab.
     *
     * @param serviceId the tab service's id, which also orders tabs with the same id (the first one wins)
     * @param id        its id, read once when it registered
     * @param title     its title, read once
     * @param bundle    the bundle whose files it serves
     */
    record Mounted(long serviceId, String id, String title, DashboardTab tab, Bundle bundle) {
    }

    private final Map<Long, Mounted> tabs = new ConcurrentHashMap<>();
    /** The open WebSockets of each tab, by the tab service's id, closed when the tab goes away. */
    private final Map<Long, Set<ExtensionSocket>> sockets = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("berth-ui-tab-", 0).factory());
    private final Logger log;

    ExtensionTabs(Logger log) {
        this.log = log;
    }

    /** Mounts a tab; one with a bad id, or whose id or title throws, is left out with a warning. */
    void add(long serviceId, DashboardTab tab, Bundle bundle) {
        try {
            String id = tab.id();
            String title = tab.title();
            if (id == null || !DashboardTab.ID.matcher(id).matches()) {
                log.warn("the dashboard tab of {} is left out: its id '{}' is not lower-case letters, digits and dashes",
                        bundle.getSymbolicName(), id);
                return;
            }
            tabs.put(serviceId, new Mounted(serviceId, id, title == null || title.isBlank() ? id : title, tab, bundle));
        } catch (RuntimeException e) {
            log.warn("the dashboard tab of {} is left out: {}", bundle.getSymbolicName(), e.toString());
        }
    }

    /** Unmounts a tab whose service went away, closing its WebSockets. */
    void remove(long serviceId) {
        tabs.remove(serviceId);
        Set<ExtensionSocket> open = sockets.remove(serviceId);
        if (open != null) open.forEach(s -> s.closeWith(1001, "the extension tab went away"));
    }

    /**
     * The handler of a WebSocket under {@code /extensions/<id>/<path>}, which asks the tab whether it takes it, or
     * null when there is no such tab.
     */
    ExtensionSocket socket(String path) {
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0) return null;
        String id = rest.substring(0, slash);
        Optional<Mounted> tab = list().stream().filter(m -> m.id().equals(id)).findFirst();
        if (tab.isEmpty()) return null;
        Set<ExtensionSocket> open = sockets.computeIfAbsent(tab.get().serviceId(), k -> ConcurrentHashMap.newKeySet());
        ExtensionSocket[] socket = new ExtensionSocket[1];
        socket[0] = new ExtensionSocket(tab.get(), rest.substring(slash + 1), log, () -> open.remove(socket[0]));
        open.add(socket[0]);
        return socket[0];
    }

    /** The tabs to show, one per id, by title. */
    List<Mounted> list() {
        Map<String, Mounted> byId = new java.util.TreeMap<>();
        tabs.values().stream().sorted(Comparator.comparingLong(Mounted::serviceId)).forEach(m -> byId.putIfAbsent(m.id(), m));
        return byId.values().stream().sorted(Comparator.comparing(Mounted::title, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    /** Stops the calls still running. */
    void close() {
        calls.shutdownNow();
    }

    @Override
    public CompletableFuture<Reply> handle(Request request) {
        String rest = request.path().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return CompletableFuture.completedFuture(new Reply(303, "text/plain", new byte[0], Map.of("Location", PREFIX + rest + "/")));
        }
        String id = rest.substring(0, slash);
        Optional<Mounted> tab = list().stream().filter(m -> m.id().equals(id)).findFirst();
        if (tab.isEmpty()) return CompletableFuture.completedFuture(Reply.message(404, "there is no extension tab " + id));
        String sub = rest.substring(slash + 1);
        return CompletableFuture.supplyAsync(() -> serve(tab.get(), request, sub), calls)
                .completeOnTimeout(Reply.message(504, "the extension tab " + id + " did not answer within " + TIMEOUT_SECONDS + " s"),
                        TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private Reply serve(Mounted m, Request request, String sub) {
        try {
            Optional<TabResponse> answer = m.tab().handle(new TabRequest(request.method(), sub, request.query(), request.body()));
            if (answer != null && answer.isPresent()) {
                TabResponse r = answer.get();
                return new Reply(r.status(), r.contentType(), r.body(), Map.of());
            }
            return file(m, sub.isEmpty() ? "index.html" : sub);
        } catch (Exception | LinkageError e) {
            log.warn("the extension tab {} failed on {} {}: {}", m.id(), request.method(), request.path(), e.toString());
            return Reply.message(500, "the extension tab " + m.id() + " failed: " + e);
        }
    }

    /** A static file of the tab's bundle, from its resources folder. */
    static Reply file(Mounted m, String name) throws IOException {
        Optional<String> type = StaticFiles.type(name);
        if (name.contains("..") || name.contains("//") || name.startsWith("/") || type.isEmpty()) {
            return Reply.message(404, "there is no file " + name + " in the extension tab " + m.id());
        }
        String folder = m.tab().resources().replaceAll("^/+|/+$", "");
        URL entry = m.bundle().getEntry(folder.isEmpty() ? name : folder + "/" + name);
        if (entry == null) return Reply.message(404, "there is no file " + name + " in the extension tab " + m.id());
        try (InputStream in = entry.openStream()) {
            return new Reply(200, type.get(), in.readAllBytes(), Map.of("Cache-Control", "no-cache"));
        }
    }
}
