package dev.berth.e2e.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.e2e.BerthCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A Docker Desktop-format extension built offline (a page using ddClient, a static backend serving HTTP on its
 * guest-services socket, a host binary, labels and metadata.json) is validated, installed, used through its tab in
 * the real dashboard (backend, engine, docker CLI plain and streamed, commands in the VM and on the host, a toast),
 * and removed with its backend container.
 */
@Order(56)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerExtensionE2ETest {
    private static final Duration SHORT = Duration.ofSeconds(90);
    private static final String IMAGE = "berth-test/dd-hello:1";
    private static final String ID = "berth-test-dd-hello";
    private static final String TAB = ".nav a[data-page=\"ext/dd-" + ID + "\"]";
    private static final String METADATA = """
            {"icon": "hello.svg",
             "ui": {"dashboard-tab": {"title": "Hello DD", "root": "/ui", "src": "index.html"}},
             "vm": {"image": "${DESKTOP_PLUGIN_IMAGE}", "exposes": {"socket": "backend.sock"}},
             "host": {"binaries": [{"linux": [{"path": "/linux/hello-host"}], "darwin": [{"path": "/darwin/hello-host"}]}]}}
            """;
    // the page's own script: a call to its backend, the engine's container list and the CLI, then a toast
    private static final String APP = """
            const out = document.getElementById('out');
            document.getElementById('go').addEventListener('click', () => window.ddClient.desktopUI.navigate.viewContainers());
            (async () => {
              try {
                const hello = await window.ddClient.extension.vm.service.get('/hello?from=page');
                const containers = await window.ddClient.docker.listContainers({all: true});
                const ps = await window.ddClient.docker.cli.exec('ps', ['--all', '--no-trunc', '--format', '"{{json .}}"']);
                const inVm = await window.ddClient.extension.vm.cli.exec('ls', ['/run/guest-services']);
                const onHost = await window.ddClient.extension.host.cli.exec('hello-host', []);
                const streamed = await new Promise((resolve, reject) => {
                  const lines = [];
                  window.ddClient.docker.cli.exec('ps', ['--all'], {stream: {splitOutputLines: true,
                    onOutput: (o) => { if (o.stdout !== undefined) lines.push(o.stdout); },
                    onError: reject, onClose: (code) => resolve({code, lines: lines.length})}});
                });
                let top = 'blocked';
                try { top = String(window.parent.document.cookie); } catch (e) { top = 'blocked'; }
                out.textContent = JSON.stringify({backend: hello, containers: containers.length, cli: ps.parseJsonLines().length,
                  vm: inVm.stdout.trim(), host: onHost.stdout.trim(), streamed, cookie: document.cookie, top});
                window.ddClient.desktopUI.toast.success(`backend says ${hello.message}; ${containers.length} containers`);
              } catch (e) {
                out.textContent = 'failed: ' + (e.message || JSON.stringify(e));
              }
              document.body.dataset.done = 'true';
            })();
            """;
    private static Browser browser;

    @BeforeAll
    static void build() throws Exception {
        Shared.ensureRunning();
        Shared.berth(SHORT, "extension", "rm", ID);
        Path root = Files.createTempDirectory("berth-dd-ext");
        Files.createDirectories(root.resolve("ui"));
        Files.createDirectories(root.resolve("linux"));
        Files.createDirectories(root.resolve("run/guest-services"));
        // busybox for the commands run in the backend's container (extension.vm.cli.exec)
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        Files.createSymbolicLink(root.resolve("bin/ls"), Path.of("busybox"));
        Files.writeString(root.resolve("metadata.json"), METADATA);
        Files.writeString(root.resolve("hello.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>");
        Files.writeString(root.resolve("ui/index.html"), "<!doctype html><html><head><title>Hello</title></head>"
                + "<body><h1>Hello from an extension</h1><button id=\"go\">Containers</button><pre id=\"out\"></pre>"
                + "<script src=\"app.js\"></script></body></html>");
        Files.writeString(root.resolve("ui/app.js"), APP);
        Files.writeString(root.resolve("linux/hello-host"), "#!/bin/sh\necho hello from the host\n");
        root.resolve("linux/hello-host").toFile().setExecutable(true);
        try (var in = DockerExtensionE2ETest.class.getResourceAsStream("/images/dd-backend.c")) {
            Files.copy(in, root.resolve("dd-backend.c"));
        }
        BerthCli.Result cc = BerthCli.exec(List.of("gcc", "-static", "-O2", "-o", root.resolve("backend").toString(),
                root.resolve("dd-backend.c").toString()), null, Duration.ofMinutes(2), Map.of());
        assertEquals(0, cc.code(), "gcc (and libc6-dev) build the backend: " + cc.all());
        Files.delete(root.resolve("dd-backend.c"));
        Path tar = root.resolveSibling(root.getFileName() + ".tar");
        BerthCli.Result made = BerthCli.exec(List.of("tar", "-C", root.toString(), "--owner=0", "--group=0", "-cf",
                tar.toString(), "."), null, Duration.ofMinutes(1), Map.of());
        assertEquals(0, made.code(), made.all());
        List<String> args = new ArrayList<>(List.of("import", "--change", "CMD [\"/backend\"]"));
        for (String label : List.of("org.opencontainers.image.title=Hello DD", "org.opencontainers.image.description=A test extension",
                "org.opencontainers.image.vendor=Berth tests", "com.docker.desktop.extension.api.version=>= 0.3.4",
                "com.docker.desktop.extension.icon=https://example.com/hello.svg")) {
            args.addAll(List.of("--change", "LABEL " + label.replaceFirst("=(.*)", "=\"$1\"")));
        }
        args.addAll(List.of(tar.toString(), IMAGE));
        Shared.Result imported = Shared.docker(Duration.ofMinutes(3), args.toArray(String[]::new));
        assertEquals(0, imported.code(), imported.all());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (browser != null) browser.close();
        Shared.berth(SHORT, "extension", "rm", ID);
    }

    @Test
    @Order(1)
    void validateSaysWhatIsWrongAndAcceptsAGoodImage() throws Exception {
        Shared.Result good = Shared.berth(SHORT, "extension", "validate", IMAGE);
        assertEquals(0, good.code(), good.all());
        assertTrue(good.out().contains("The extension image \"" + IMAGE + "\" is valid"), good.all());
        Shared.Result bad = Shared.berth(SHORT, "extension", "validate", Shared.busybox());
        assertNotEquals(0, bad.code(), bad.all());
        assertTrue(bad.all().contains("the image has no label com.docker.desktop.extension.api.version")
                && bad.all().contains("the image has no /metadata.json"), bad.all());
    }

    @Test
    @Order(2)
    void installCopiesTheFilesOutAndStartsTheBackend() throws Exception {
        Shared.Result refused = Shared.berth(SHORT, "extension", "install", IMAGE);
        assertNotEquals(0, refused.code(), refused.all());
        Shared.Result install = Shared.berth(Duration.ofMinutes(3), "extension", "install", IMAGE, "--yes");
        assertEquals(0, install.code(), install.all());
        assertTrue(install.out().contains(ID) && install.out().contains("backend socket"), install.all());
        Path folder = BerthCli.HOME.resolve("extensions/docker/" + ID);
        assertTrue(Files.isRegularFile(folder.resolve("ui/index.html")), folder.toString());
        assertTrue(Files.isRegularFile(folder.resolve("hello.svg")));
        assertTrue(Files.isExecutable(folder.resolve("host/hello-host")));
        assertFalse(Files.exists(folder.resolve("host/darwin")));
        Shared.Result ps = Shared.docker(SHORT, "ps", "--filter", "name=berth-ext-" + ID, "--format", "{{.Status}}");
        assertTrue(ps.out().startsWith("Up"), ps.all());
        Shared.Result ls = Shared.berth(SHORT, "extension", "ls");
        assertTrue(ls.out().contains(ID) && ls.out().contains(IMAGE) && ls.out().contains("active"), ls.all());
    }

    @Test
    @Order(3)
    void itsTabCallsTheBackendAndTheEngineThroughDdClient() throws Exception {
        browser = new Browser(1280, 800, 1);
        browser.open(Dashboard.loginUrl());
        browser.await("h1", SHORT);
        browser.clickWhenReady(TAB, SHORT);
        String frame = browser.await("iframe.ext-frame", SHORT);
        assertEquals("http://" + ID + ".localhost:" + Dashboard.find().port + "/index.html",
                browser.script("return arguments[0].src", frame).asText());
        Browser.await(SHORT, "the extension's toast", () -> {
            try {
                return browser.script("return document.getElementById('toasts').textContent").asText()
                        .contains("backend says hello from the backend");
            } catch (Exception e) {
                return false;
            }
        });
        browser.frame(frame);
        String out = browser.script("return document.getElementById('out').textContent").asText();
        browser.topFrame();
        browser.screenshot(Dashboard.SCREENSHOTS.resolve("docker-extension.png"));
        // desktopUI.navigate opens Berth's own page, from a click in the extension's page
        browser.frame(frame);
        browser.click(browser.find("#go"));
        browser.topFrame();
        Browser.await(SHORT, "the containers page after desktopUI.navigate.viewContainers", () -> {
            try {
                return browser.script("return location.hash").asText().equals("#/containers");
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode result = new ObjectMapper().readTree(out);
        assertEquals("GET", result.path("backend").path("method").asText(), out);
        assertEquals("/hello?from=page", result.path("backend").path("path").asText(), out);
        assertTrue(result.path("containers").asInt() >= 1, out);
        assertTrue(result.path("cli").asInt() >= 1, out);
        assertEquals("backend.sock", result.path("vm").asText(), "ls in the backend's container: " + out);
        assertEquals("hello from the host", result.path("host").asText(), "the extension's host binary: " + out);
        assertEquals(0, result.path("streamed").path("code").asInt(-1), out);
        assertTrue(result.path("streamed").path("lines").asInt() >= 2, "docker ps streamed, header and backend: " + out);
        assertEquals("", result.path("cookie").asText(), "the page sees no cookie of the dashboard: " + out);
        assertEquals("blocked", result.path("top").asText(), "the page cannot reach the dashboard's page: " + out);
    }

    @Test
    @Order(4)
    void removeStopsTheBackendAndTakesTheTabAway() throws Exception {
        Shared.Result rm = Shared.berth(SHORT, "extension", "rm", ID);
        assertEquals(0, rm.code(), rm.all());
        Shared.Result ps = Shared.docker(SHORT, "ps", "-a", "--filter", "name=berth-ext-" + ID, "--format", "{{.Names}}");
        assertEquals("", ps.out().strip(), ps.all());
        assertFalse(Files.exists(BerthCli.HOME.resolve("extensions/docker/" + ID)));
        Browser.await(SHORT, "the tab to leave the navigation", () -> {
            try {
                return browser.find(TAB) == null;
            } catch (Exception e) {
                return false;
            }
        });
    }
}
