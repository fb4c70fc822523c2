package dev.berth.e2e.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.e2e.BerthCli;
import dev.berth.e2e.RequestLoop;
import dev.berth.e2e.SharedBerth;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The repository's example Docker Desktop-format extension ({@code examples/hello-desktop-extension}), built offline
 * in two versions with its own build script, is validated, installed (its compose file run, the engine's socket
 * mounted into its backend), used through its tab in the real dashboard (backend, engine, docker CLI plain and
 * streamed, commands in the VM and on the host, toasts, navigation, a link opened outside), updated while a container
 * keeps serving on a published port, and removed with its backend. One class of about 280 lines because it follows
 * one extension through its life in order, with the two versions built once.
 */
@Order(56)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerExtensionE2ETest {
    private static final Duration SHORT = Duration.ofSeconds(90);
    private static final Path EXAMPLE = BerthCli.SOURCE.resolve("examples/hello-desktop-extension");
    private static final String IMAGE = "berth-test/dd-hello:1";
    private static final String NEWER = "berth-test/dd-hello:2";
    private static final String ID = "berth-test-dd-hello";
    private static final String TAB = ".nav a[data-page=\"ext/dd-" + ID + "\"]";
    private static final String WEB = "dd-update-web";
    private static Browser browser;

    @BeforeAll
    static void build() throws Exception {
        Shared.ensureRunning();
        Shared.berth(SHORT, "extension", "rm", ID);
        buildExample(IMAGE, "1.0.0");
        buildExample(NEWER, "2.0.0");
    }

    /** Builds the example with its own script, the backend compiled by the host's gcc and the image by Berth's engine. */
    private static void buildExample(String image, String version) throws Exception {
        Map<String, String> env = new HashMap<>(SharedBerth.dockerEnv());
        env.put("DOCKER", BerthCli.DOCKER.toString());
        env.put("CC", "gcc");
        BerthCli.Result built = BerthCli.exec(List.of("sh", EXAMPLE.resolve("build.sh").toString(), image, version), null,
                Duration.ofMinutes(5), env);
        assertEquals(0, built.code(), "build.sh (gcc with libc6-dev, then docker build): " + built.all());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (browser != null) browser.close();
        Shared.docker(SHORT, "rm", "-f", WEB);
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
        Shared.Result notYet = Shared.berth(SHORT, "extension", "update", NEWER, "--yes");
        assertNotEquals(0, notYet.code(), "update needs an installed extension: " + notYet.all());
        assertTrue(notYet.all().contains("no extension of " + NEWER + " is installed"), notYet.all());
        Shared.Result install = Shared.berth(Duration.ofMinutes(3), "extension", "install", IMAGE, "--yes");
        assertEquals(0, install.code(), install.all());
        assertTrue(install.out().contains(ID) && install.out().contains("backend socket"), install.all());
        Path folder = BerthCli.HOME.resolve("extensions/docker/" + ID);
        assertTrue(Files.isRegularFile(folder.resolve("ui/index.html")), folder.toString());
        assertTrue(Files.isRegularFile(folder.resolve("ui/app.js")), folder.toString());
        assertTrue(Files.isRegularFile(folder.resolve("hello.svg")));
        assertTrue(Files.isExecutable(folder.resolve("host/hello-host")));
        Shared.Result ps = Shared.docker(SHORT, "ps", "--filter", "name=berth-ext-" + ID, "--format", "{{.Status}}");
        assertTrue(ps.out().startsWith("Up"), ps.all());
        Shared.Result ls = Shared.berth(SHORT, "extension", "ls");
        assertTrue(ls.out().contains(ID) && ls.out().contains(IMAGE) && ls.out().contains("active"), ls.all());
        // the same through the docker CLI's extension plugin Berth ships
        Shared.Result dockerLs = Shared.docker(SHORT, "extension", "ls");
        assertEquals(0, dockerLs.code(), dockerLs.all());
        assertTrue(dockerLs.out().contains(ID) && dockerLs.out().contains(IMAGE), dockerLs.all());
        Shared.Result dockerValidate = Shared.docker(SHORT, "extension", "validate", IMAGE);
        assertEquals(0, dockerValidate.code(), dockerValidate.all());
        assertTrue(dockerValidate.out().contains("is valid"), dockerValidate.all());
        Shared.Result help = Shared.docker(SHORT, "--help");
        assertTrue(help.out().contains("extension*") && help.out().contains("Manages Docker extensions in Berth"), help.all());
    }

    @Test
    @Order(3)
    void itsTabCallsTheBackendTheEngineAndTheDashboardThroughDdClient() throws Exception {
        browser = new Browser(1280, 800, 1);
        browser.open(Dashboard.loginUrl());
        browser.await("h1", SHORT);
        String frame = openTab();
        assertEquals("http://" + ID + ".localhost:" + Dashboard.find().port + "/index.html",
                browser.script("return arguments[0].src", frame).asText());
        awaitToast("backend says hello from the backend, version 1.0.0");
        JsonNode result = results(frame);
        String out = result.toString();
        assertEquals(IMAGE, result.path("image").asText(), out);
        assertEquals("GET", result.path("backend").path("method").asText(), out);
        assertEquals("/hello?from=page", result.path("backend").path("path").asText(), out);
        Shared.Result engine = Shared.docker(SHORT, "version", "--format", "{{.Server.Version}}");
        assertEquals(engine.out().strip(), result.path("backend").path("engine").asText(),
                "the backend asked the engine through /var/run/docker.sock.raw, as the compose file mounts it: " + out);
        assertEquals("hello-desktop-extension 1.0.0", result.path("vm").asText(), "/backend version in the backend's container: " + out);
        assertEquals("hello from the host", result.path("host").asText(), "the extension's host binary: " + out);
        assertTrue(result.path("containers").asInt() >= 1, out);
        assertTrue(result.path("images").asInt() >= 2, "docker.listImages: " + out);
        assertTrue(result.path("cli").toString().contains("berth-ext-" + ID), "docker ps through docker.cli.exec: " + out);
        assertEquals(0, result.path("streamed").path("code").asInt(-1), out);
        assertTrue(result.path("streamed").path("lines").asInt() >= 2, "docker ps streamed, header and backend: " + out);
        browser.screenshot(Dashboard.SCREENSHOTS.resolve("docker-extension.png"));

        // the page is of another origin: no cookie of the dashboard, no way into the dashboard's page
        assertEquals("", inFrame(frame, "return document.cookie").asText());
        assertEquals("blocked", inFrame(frame,
                "try { return String(window.parent.document.cookie); } catch (e) { return 'blocked'; }").asText());

        // the other toasts, and a link opened in a window of its own
        clickInFrame(frame, "#warn");
        awaitToast("Hello: warning: this is a warning");
        clickInFrame(frame, "#fail");
        awaitToast("Hello: this is an error");
        int windows = browser.windows();
        clickInFrame(frame, "#docs");
        Browser.await(SHORT, "a window for host.openExternal", () -> {
            try {
                return browser.windows() == windows + 1;
            } catch (Exception e) {
                return false;
            }
        });

        // desktopUI.navigate opens Berth's own pages
        for (String[] go : List.of(new String[] {"#images-page", "#/images"}, new String[] {"#volumes-page", "#/volumes"},
                new String[] {"#containers-page", "#/containers"})) {
            String f = openTab();
            clickInFrame(f, go[0]);
            Browser.await(SHORT, "the page " + go[1] + " after " + go[0], () -> {
                try {
                    return browser.script("return location.hash").asText().equals(go[1]);
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    @Order(4)
    void anUpdateReplacesTheExtensionWhileAContainerServesOn() throws Exception {
        Shared.docker(SHORT, "rm", "-f", WEB);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Shared.Result web = Shared.docker(SHORT, "run", "-d", "--name", WEB, "-p", "127.0.0.1:" + port + ":80",
                Shared.busybox(), "httpd", "-f", "-p", "80", "-h", "/var/www");
        assertEquals(0, web.code(), web.all());
        String frame = openTab();
        awaitToast("version 1.0.0");
        try (RequestLoop loop = RequestLoop.start(URI.create("http://127.0.0.1:" + port + "/index.html"))) {
            loop.awaitAnswer(SHORT);
            long began = System.nanoTime();
            Shared.Result update = Shared.berth(Duration.ofMinutes(3), "extension", "update", NEWER, "--yes");
            assertEquals(0, update.code(), update.all());
            assertTrue(update.out().contains(ID + " updated to " + NEWER), update.all());
            // the open tab loads the new version's page by itself
            awaitToast("backend says hello from the backend, version 2.0.0");
            System.out.printf("update to %s: the tab showed the new version after %.1f s; %s%n", NEWER,
                    (System.nanoTime() - began) / 1e9, loop);
            loop.awaitAnswer(SHORT);
            assertEquals(0, loop.missed(), "the container on the published port answered throughout: " + loop);
        }
        JsonNode result = results(frame);
        assertEquals(NEWER, result.path("image").asText(), result.toString());
        assertEquals("hello-desktop-extension 2.0.0", result.path("vm").asText(), result.toString());
        Shared.Result image = Shared.docker(SHORT, "inspect", "--format", "{{.Config.Image}}", "berth-ext-" + ID);
        assertEquals(NEWER, image.out().strip(), image.all());
        Shared.Result ls = Shared.berth(SHORT, "extension", "ls");
        assertTrue(ls.out().contains(NEWER), ls.all());
        Shared.docker(SHORT, "rm", "-f", WEB);
    }

    @Test
    @Order(5)
    void removeStopsTheBackendAndTakesTheTabAway() throws Exception {
        // as Docker Desktop's users write it: the docker CLI plugin, the image's repository without a tag
        Shared.Result rm = Shared.docker(SHORT, "extension", "rm", "berth-test/dd-hello");
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

    /** Opens the extension's tab and gives its frame. */
    private static String openTab() throws Exception {
        browser.clickWhenReady(TAB, SHORT);
        return browser.await("iframe.ext-frame", SHORT);
    }

    /** Waits for a toast of the dashboard containing {@code text}. */
    private static void awaitToast(String text) throws InterruptedException {
        Browser.await(SHORT, "a toast saying " + text, () -> {
            try {
                return browser.script("return document.getElementById('toasts').textContent").asText().contains(text);
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Runs a script in the extension's page, from the dashboard's page. */
    private static JsonNode inFrame(String frame, String js) throws Exception {
        browser.frame(frame);
        try {
            return browser.script(js);
        } finally {
            browser.topFrame();
        }
    }

    private static void clickInFrame(String frame, String css) throws Exception {
        browser.frame(frame);
        try {
            browser.click(browser.await(css, SHORT));
        } finally {
            browser.topFrame();
        }
    }

    /** What the page's calls gave, once it made them all. */
    private static JsonNode results(String frame) throws Exception {
        Browser.await(SHORT, "the extension's page to make its calls", () -> {
            try {
                return inFrame(frame, "return document.body.dataset.done || ''").asText().equals("true");
            } catch (Exception e) {
                return false;
            }
        });
        return new ObjectMapper().readTree(inFrame(frame, "return document.getElementById('out').textContent").asText());
    }
}
