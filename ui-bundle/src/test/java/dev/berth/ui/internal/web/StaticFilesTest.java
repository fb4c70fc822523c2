package dev.berth.ui.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {
    private static final String SECRET = "{\"secret\": \"outside the web folder\"}";
    private final StaticFiles files = new StaticFiles(getClass().getClassLoader());
    @TempDir
    Path dir;

    @Test
    void theMainPageAndItsScriptsAreServedWithTheirTypes() throws Exception {
        Reply index = files.get("/").orElseThrow();
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertTrue(new String(index.body(), StandardCharsets.UTF_8).contains("/js/app.js"));
        assertEquals("text/javascript; charset=utf-8", files.get("/js/app.js").orElseThrow().contentType());
        assertTrue(files.get("/vendor/xterm/lib/xterm.js").isPresent(), "xterm.js is shipped in the bundle");
        assertTrue(files.get("/missing.js").isEmpty());
        assertTrue(files.get("/js/").isEmpty());
    }

    /** A class path folder with the web folder and, beside it, a file of a served type that must stay private. */
    private ClassLoader loaderWithASecretBesideTheWebFolder() throws Exception {
        Path web = Files.createDirectories(dir.resolve("dev/berth/ui/web/js"));
        Files.writeString(web.resolveSibling("index.html"), "<h1>dashboard</h1>");
        Files.writeString(web.resolve("app.js"), "// app");
        Files.writeString(dir.resolve("dev/berth/ui/secret.json"), SECRET);
        ClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
        try (InputStream in = loader.getResourceAsStream("dev/berth/ui/web/../secret.json")) {
            assertNotNull(in, "the class loader itself follows '..': only StaticFiles' guard keeps the file private");
        }
        return loader;
    }

    @Test
    void aFileBesideTheWebFolderIsNotServedThroughDotDot() throws Exception {
        StaticFiles served = new StaticFiles(loaderWithASecretBesideTheWebFolder());
        assertTrue(served.get("/index.html").isPresent());
        for (String path : List.of("/../secret.json", "/js/../../secret.json", "/./../secret.json", "/js/..")) {
            assertTrue(served.get(path).isEmpty(), path);
        }
    }

    @Test
    void encodedDotsAndSlashesDoNotReachItThroughTheServerEither() throws Exception {
        AccessToken token = AccessToken.load(dir.resolve("dashboard.token"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (WebServer server = new WebServer(port, new RequestGuard(token, new LoginCodes(InstantSource.system()), port),
                new Router(), new StaticFiles(loaderWithASecretBesideTheWebFolder()), p -> null, Runnable::run)) {
            assertTrue(get(port, token, "/js/app.js").startsWith("HTTP/1.1 200"), "the web folder is served");
            for (String path : List.of("/../secret.json", "/%2e%2e/secret.json", "/%2E%2E/secret.json", "/..%2fsecret.json",
                    "/%2e%2e%2fsecret.json", "/js/..%2f..%2fsecret.json", "/js/%2e%2e/%2e%2e/secret.json", "/js%2f..%2f..%2fsecret.json")) {
                String answer = get(port, token, path);
                assertTrue(answer.startsWith("HTTP/1.1 404"), path + ": " + answer);
                assertFalse(answer.contains("outside the web folder"), path + ": " + answer);
            }
        }
    }

    private static String get(int port, AccessToken token, String path) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                    + token.value() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
