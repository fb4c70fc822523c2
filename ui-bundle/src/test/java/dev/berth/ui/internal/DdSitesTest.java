package dev.berth.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.extension.DockerExtension;
import dev.berth.api.extension.DockerExtensions;
import dev.berth.api.extension.ExtensionState;
import dev.berth.ui.internal.web.Reply;
import dev.berth.ui.internal.web.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An extension's own origin: which hosts it answers, the files it serves, and ddClient in every page. */
class DdSitesTest {
    @TempDir
    Path dir;

    private DdSites sites() throws Exception {
        Files.createDirectories(dir.resolve("ui/js"));
        Files.writeString(dir.resolve("ui/index.html"), "<!doctype html><html><HEAD lang=en><title>x</title></head></html>");
        Files.writeString(dir.resolve("ui/js/app.js"), "go()");
        Files.writeString(dir.resolve("secret.txt"), "not for the page");
        Files.createSymbolicLink(dir.resolve("ui/link.txt"), dir.resolve("secret.txt"));
        DockerExtension e = new DockerExtension("example-hello", "example/hello:1", "Hello", dir, "Hello", "index.html",
                "", "", ExtensionState.ACTIVE, "");
        DockerExtensions all = new DockerExtensions() {
            public List<String> validate(String image) {
                return List.of();
            }

            public DockerExtension install(String image) {
                throw new UnsupportedOperationException();
            }

            public DockerExtension update(String image) {
                throw new UnsupportedOperationException();
            }

            public List<DockerExtension> list() {
                return List.of(e);
            }

            public Optional<DockerExtension> find(String id) {
                return list().stream().filter(x -> x.id().equals(id)).findFirst();
            }

            public boolean remove(String id) {
                return false;
            }
        };
        return new DdSites(() -> Optional.of(all), 8123);
    }

    private static Reply get(DdSites s, String host, String path) throws Exception {
        return s.site(host).handle(new Request("GET", path, Map.of(), Map.of(), new byte[0])).get();
    }

    @Test
    void onlyAnExtensionsHostOnTheDashboardsPortIsASite() throws Exception {
        DdSites s = sites();
        assertNull(s.site("127.0.0.1:8123"));
        assertNull(s.site("localhost:8123"));
        assertNull(s.site("example-hello.localhost:9999"));
        assertNull(s.site("example-hello.evil.com:8123"));
        assertEquals(404, get(s, "other.localhost:8123", "/index.html").status());
    }

    @Test
    void pagesGetDdClientFirstAndOnlyTheUiFolderIsServed() throws Exception {
        DdSites s = sites();
        Reply page = get(s, "Example-Hello.localhost:8123", "/index.html");
        assertEquals(200, page.status());
        assertEquals("<!doctype html><html><HEAD lang=en><script src=\"/.berth/ddclient.js\"></script><title>x</title></head></html>",
                new String(page.body(), StandardCharsets.UTF_8));
        assertTrue(page.headers().get("Content-Security-Policy").contains("frame-ancestors http://127.0.0.1:8123 http://localhost:8123"));
        assertEquals("", page.headers().get("X-Frame-Options"));
        assertEquals("go()", new String(get(s, "example-hello.localhost:8123", "/js/app.js").body(), StandardCharsets.UTF_8));
        assertEquals(404, get(s, "example-hello.localhost:8123", "/../secret.txt").status());
        assertEquals(404, get(s, "example-hello.localhost:8123", "/link.txt").status());
        assertEquals("/index.html", get(s, "example-hello.localhost:8123", "/").headers().get("Location"));
        String client = new String(get(s, "example-hello.localhost:8123", DdSites.CLIENT).body(), StandardCharsets.UTF_8);
        assertTrue(client.contains("window.ddClient") && client.contains("image: \"example/hello:1\","), client);
    }
}
