package dev.berth.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.extension.DashboardTab;
import dev.berth.api.extension.TabRequest;
import dev.berth.api.extension.TabResponse;
import dev.berth.ui.internal.web.Reply;
import dev.berth.ui.internal.web.Request;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.service.log.Logger;

class ExtensionTabsTest {
    @TempDir
    Path dir;
    private final ExtensionTabs tabs = new ExtensionTabs(quietLogger());

    /** A bundle whose entries are the files under {@code dir}, the only calls the tabs make of it. */
    private Bundle bundle(String name) {
        return (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class}, (p, m, args) -> switch (m.getName()) {
            case "getSymbolicName" -> name;
            case "getEntry" -> {
                Path f = dir.resolve((String) args[0]);
                yield Files.isRegularFile(f) ? f.toUri().toURL() : null;
            }
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    private static Logger quietLogger() {
        return (Logger) Proxy.newProxyInstance(ExtensionTabsTest.class.getClassLoader(), new Class<?>[] {Logger.class}, (p, m, a) -> null);
    }

    private static DashboardTab tab(String id, String title, TabHandler handler) {
        return new DashboardTab() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public Optional<TabResponse> handle(TabRequest request) throws Exception {
                return handler.handle(request);
            }
        };
    }

    private interface TabHandler {
        Optional<TabResponse> handle(TabRequest request) throws Exception;
    }

    private Reply get(String path) throws Exception {
        return tabs.handle(new Request("GET", path, Map.of(), Map.of("q", List.of("1")), new byte[0])).get();
    }

    @Test
    void servesTheHandlersAnswerThenTheBundlesFiles() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/index.html"), "<h1>Disk</h1>");
        tabs.add(1, tab("disk", "Disk usage", r -> r.path().equals("api/df")
                ? Optional.of(TabResponse.json("{\"q\":\"" + r.param("q", "") + "\"}")) : Optional.empty()), bundle("d"));
        Reply api = get("/extensions/disk/api/df");
        assertEquals(200, api.status());
        assertEquals("{\"q\":\"1\"}", new String(api.body(), StandardCharsets.UTF_8));
        Reply index = get("/extensions/disk/");
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertEquals("<h1>Disk</h1>", new String(index.body(), StandardCharsets.UTF_8));
        assertEquals(404, get("/extensions/disk/missing.js").status());
        assertEquals(404, get("/extensions/disk/../web/index.html").status());
        assertEquals(303, get("/extensions/disk").status());
        assertEquals(404, get("/extensions/other/").status());
    }

    @Test
    void aFailingTabAnswers500AndTheOthersGoOn() throws Exception {
        tabs.add(1, tab("bad", "Bad", r -> {
            throw new IllegalStateException("boom");
        }), bundle("b"));
        tabs.add(2, tab("good", "Good", r -> Optional.of(TabResponse.text(200, "ok"))), bundle("g"));
        Reply bad = get("/extensions/bad/");
        assertEquals(500, bad.status());
        assertTrue(new String(bad.body(), StandardCharsets.UTF_8).contains("boom"));
        assertEquals(200, get("/extensions/good/").status());
    }

    @Test
    void badIdsAreLeftOutAndTheFirstOfTwoEqualIdsWins() {
        tabs.add(1, tab("Not OK", "x", r -> Optional.empty()), bundle("a"));
        tabs.add(2, tab("b", "Second", r -> Optional.empty()), bundle("b2"));
        tabs.add(3, tab("a", "First", r -> Optional.empty()), bundle("a"));
        tabs.add(4, tab("b", "Dup", r -> Optional.empty()), bundle("b4"));
        assertEquals(List.of("First", "Second"), tabs.list().stream().map(ExtensionTabs.Mounted::title).toList());
        tabs.remove(2);
        assertEquals(List.of("Dup", "First"), tabs.list().stream().map(ExtensionTabs.Mounted::title).toList());
    }
}
