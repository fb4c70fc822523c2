package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.extension.Extension;
import dev.berth.api.extension.Extensions;
import dev.berth.ui.internal.web.Reply;
import dev.berth.ui.internal.web.Router;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The Extensions page's API: the installed extensions with state and reason, the tabs to show, and removal. */
final class ExtensionRoutes {
    private final Supplier<Optional<Extensions>> extensions;
    private final ExtensionTabs tabs;

    ExtensionRoutes(Supplier<Optional<Extensions>> extensions, ExtensionTabs tabs) {
        this.extensions = extensions;
        this.tabs = tabs;
    }

    void register(Router router) {
        router.add("GET", "/api/extensions", r -> CompletableFuture.completedFuture(Reply.json(view())));
        router.add("DELETE", "/api/extensions/{name}", r -> {
            Extensions e = extensions.get().orElseThrow(() -> new IllegalArgumentException("extensions are not available"));
            if (!e.remove(r.var("name"))) return CompletableFuture.completedFuture(Reply.message(404, "no extension " + r.var("name")));
            return CompletableFuture.completedFuture(Reply.message(200, r.var("name") + " removed"));
        });
    }

    /** The page's document: {@code tabs} for the navigation, {@code extensions} for the list. */
    ObjectNode view() {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        ArrayNode tabList = view.putArray("tabs");
        for (ExtensionTabs.Mounted m : tabs.list()) {
            tabList.addObject().put("id", m.id()).put("title", m.title()).put("bundle", m.bundle().getSymbolicName());
        }
        Optional<Extensions> all = extensions.get();
        view.put("available", all.isPresent());
        all.ifPresent(e -> view.put("folder", e.folder().toString()));
        ArrayNode list = view.putArray("extensions");
        for (Extension e : all.map(Extensions::list).orElse(java.util.List.of())) {
            ObjectNode n = list.addObject();
            n.put("name", e.name()).put("version", e.version()).put("title", e.title()).put("file", e.file())
                    .put("state", e.state().name().toLowerCase(Locale.ROOT)).put("reason", e.reason()).put("origin", e.origin());
            e.tabs().forEach(n.putArray("tabs")::add);
        }
        return view;
    }
}
