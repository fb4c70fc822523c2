package dev.berth.e2e.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.e2e.BerthCli;
import dev.berth.e2e.RequestLoop;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The example extension in a running Berth: dropped into the extensions folder its tab appears in the real dashboard
 * (the time from the drop to the tab is printed), shows Docker's disk use (kept current through the tab's WebSocket),
 * its setting is edited in the dashboard's settings page, it updates to a new version (with the CLI, then uploaded in
 * the dashboard after a confirmation) and goes away when removed in the dashboard; a broken bundle beside it is shown
 * as failed and harms nothing; and a container's published port answers every request throughout. One class of
 * about 320 lines because it follows one extension through its life in order, with one browser and one request loop.
 */
@Order(55)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionsE2ETest {
    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final String NAME = "dev.berth.example.diskusage";
    private static final String TAB = ".nav a[data-page=\"ext/disk-usage\"]";
    private static final Path EXAMPLE = BerthCli.SOURCE.resolve("examples/disk-usage/target/" + NAME + "-0.1.0-SNAPSHOT.jar");
    private static final Path FOLDER = BerthCli.HOME.resolve("extensions");
    private static final String LOOP_CONTAINER = "ext-e2e-loop";
    /** The example's guest service, a container Berth runs while the extension is installed. */
    private static final String SAMPLER = "berth-ext-" + NAME + "-sampler";
    /** The image the example's guest service names; Docker Hub is out of reach, so the test image stands in. */
    private static final String SAMPLER_IMAGE = "busybox:1.37";
    private static Dashboard dashboard;
    private static Browser browser;
    private static RequestLoop loop;

    @BeforeAll
    static void openTheDashboard() throws Exception {
        Shared.ensureRunning();
        Shared.berth(SHORT, "extension", "rm", NAME);
        Shared.berth(SHORT, "extension", "rm", "e2e.broken");
        Shared.docker(SHORT, "rm", "-f", LOOP_CONTAINER);
        Shared.Result tag = Shared.docker(SHORT, "tag", Shared.busybox(), SAMPLER_IMAGE);
        assertEquals(0, tag.code(), tag.all());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Shared.Result run = Shared.docker(SHORT, "run", "-d", "--name", LOOP_CONTAINER, "-p", "127.0.0.1:" + port + ":80",
                Shared.busybox(), "httpd", "-f", "-p", "80", "-h", "/var/www");
        assertEquals(0, run.code(), run.all());
        loop = RequestLoop.start(URI.create("http://127.0.0.1:" + port + "/index.html"));
        loop.awaitAnswer(SHORT);
        dashboard = Dashboard.find();
        browser = new Browser(1280, 800, 1);
        browser.open(Dashboard.loginUrl());
        browser.await("h1", SHORT);
    }

    @AfterAll
    static void closeTheBrowser() throws Exception {
        if (loop != null) loop.close();
        Shared.docker(SHORT, "rm", "-f", LOOP_CONTAINER);
        if (browser != null) browser.close();
        Shared.berth(SHORT, "extension", "rm", NAME);
        Shared.berth(SHORT, "extension", "rm", "e2e.broken");
    }

    /** A copy of the example with another version and a heading that says it. */
    private static Path secondVersion() throws IOException {
        return version(2);
    }

    /** A copy of the example with version {@code 0.N.0} and a heading that says "version N". */
    private static Path version(int n) throws IOException {
        Path v2 = Files.createTempDirectory("berth-e2e-ext").resolve("disk-usage-0." + n + ".0.jar");
        try (InputStream in = Files.newInputStream(EXAMPLE); JarInputStream jar = new JarInputStream(in);
             OutputStream out = Files.newOutputStream(v2)) {
            Manifest m = jar.getManifest();
            m.getMainAttributes().putValue("Bundle-Version", "0." + n + ".0");
            try (JarOutputStream copy = new JarOutputStream(out, m)) {
                for (JarEntry e; (e = jar.getNextJarEntry()) != null; ) {
                    byte[] bytes = jar.readAllBytes();
                    if (e.getName().equals("web/index.html")) {
                        bytes = new String(bytes, StandardCharsets.UTF_8).replace("Docker disk usage</h1>", "Docker disk usage, version " + n + "</h1>")
                                .getBytes(StandardCharsets.UTF_8);
                    }
                    copy.putNextEntry(new JarEntry(e.getName()));
                    copy.write(bytes);
                }
            }
        }
        return v2;
    }

    private static String inFrame(String js) throws Exception {
        return browser.script("const d = document.querySelector('iframe.ext-frame').contentDocument; " + js).asText();
    }

    @Test
    @Order(1)
    void aDroppedExtensionsTabAppearsAndShowsDockersDiskUse() throws Exception {
        assertTrue(Files.isRegularFile(EXAMPLE), "build the example first: " + EXAMPLE);
        browser.open(dashboard.base() + "#/containers");
        browser.await("h1", SHORT);
        Path part = FOLDER.resolve(".disk-usage.jar.part");
        Files.copy(EXAMPLE, part, StandardCopyOption.REPLACE_EXISTING);
        long dropped = System.nanoTime();
        Files.move(part, FOLDER.resolve("disk-usage.jar"), StandardCopyOption.ATOMIC_MOVE);
        browser.await(TAB, SHORT);
        double seconds = (System.nanoTime() - dropped) / 1e9;
        System.out.printf(Locale.ROOT, "extension dropped into the folder to its tab in the dashboard: %.2f s%n", seconds);
        browser.clickWhenReady(TAB, SHORT);
        Browser.await(SHORT, "the tab's chart", () -> {
            try {
                return inFrame("return d.body && d.body.dataset.loaded === 'true' ? 'yes' : 'no'").equals("yes");
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals("4", inFrame("return String(d.querySelectorAll('#chart rect').length)"));
        // the tab's WebSocket (live): a measurement when it opens, and another when the page asks for one
        Browser.await(SHORT, "the tab's live WebSocket to deliver", () -> {
            try {
                return inFrame("return d.body.dataset.live === 'open' && Number(d.body.dataset.updates || 0) >= 1 ? 'yes' : 'no'").equals("yes");
            } catch (Exception e) {
                return false;
            }
        });
        int updates = Integer.parseInt(inFrame("return d.body.dataset.updates"));
        inFrame("d.getElementById('refresh').click(); return ''");
        Browser.await(Duration.ofSeconds(10), "a measurement in answer to the page's refresh message", () -> {
            try {
                return Integer.parseInt(inFrame("return d.body.dataset.updates")) > updates;
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(inFrame("return d.getElementById('status').textContent").startsWith("Docker uses"));
        assertTrue(inFrame("return d.querySelector('#kinds tbody').textContent").contains("Images"));
        browser.screenshot(Dashboard.SCREENSHOTS.resolve("extension-disk-usage.png"));
        Shared.Result df = Shared.berth(SHORT, "diskusage:df");
        assertEquals(0, df.code(), df.all());
        assertTrue(df.out().contains("Images") && df.out().contains("Build cache"), df.all());
        Shared.Result ls = Shared.berth(SHORT, "extension", "ls");
        assertTrue(ls.out().contains(NAME) && ls.out().contains("active") && ls.out().contains("copied into the folder"), ls.all());
        // its guest service: the container runs the example's command in the VM
        Browser.await(SHORT, "the extension's guest service to run and print the VM's disk use", () -> {
            try {
                Shared.Result logs = Shared.docker(SHORT, "logs", SAMPLER);
                return logs.code() == 0 && logs.all().contains("%")
                        && Shared.docker(SHORT, "inspect", "-f", "{{.State.Running}} {{.HostConfig.RestartPolicy.Name}}", SAMPLER)
                        .out().strip().equals("true unless-stopped");
            } catch (Exception e) {
                return false;
            }
        });
        Shared.Result labels = Shared.docker(SHORT, "inspect", "-f", "{{index .Config.Labels \"dev.berth.extension\"}}", SAMPLER);
        assertEquals(NAME, labels.out().strip(), labels.all());
    }

    /** The text of the first element matching {@code css} in the dashboard's page, or empty. */
    private static String text(String css) {
        try {
            return browser.script("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", css).asText();
        } catch (Exception e) {
            return "";
        }
    }

    /** Types {@code value} into the field of {@code key} on the settings page, saves it and waits for the answer. */
    private static String saveSetting(String key, String value) throws Exception {
        String field = ".field[data-key=\"" + key + "\"]";
        String input = browser.await(field + " input", SHORT);
        browser.clear(input);
        if (!value.isEmpty()) browser.type(input, value);
        browser.script("document.querySelector(arguments[0]).textContent = ''", field + " .result");
        browser.click(browser.find(field + " button.primary"));
        Browser.await(SHORT, "the answer to saving " + key, () -> text(field + " .result").matches("(?s).*(applied|fail|must|not).*"));
        return text(field + " .result");
    }

    @Test
    @Order(2)
    void theExtensionsSettingIsEditedInTheDashboardAndAppliesAtOnce() throws Exception {
        Shared.Result before = Shared.berth(SHORT, "diskusage:df");
        assertTrue(before.out().contains("Largest images:"), "the busybox image is listed by default: " + before.all());
        browser.script("location.hash = '#/settings'");
        browser.await("section[data-section=\"diskUsage\"]", SHORT);
        String section = text("section[data-section=\"diskUsage\"]");
        assertTrue(section.contains("Disk usage") && section.contains(NAME) && section.contains("How many of the largest images"), section);
        assertTrue(text(".field[data-key=\"diskUsage.topImages\"]").contains("Applies at once"));
        assertEquals("5", browser.script("return document.querySelector('#set-diskUsage-topImages').placeholder.replace('default: ', '')").asText());
        browser.script("document.querySelector('section[data-section=\"diskUsage\"]').scrollIntoView()");
        browser.screenshot(Dashboard.SCREENSHOTS.resolve("extension-settings.png"));

        assertEquals("Saved and applied.", saveSetting("diskUsage.topImages", "0"));
        assertTrue(Files.readString(BerthCli.HOME.resolve("settings.json")).contains("\"topImages\" : 0")
                || Files.readString(BerthCli.HOME.resolve("settings.json")).contains("\"topImages\": 0"),
                Files.readString(BerthCli.HOME.resolve("settings.json")));
        Shared.Result none = Shared.berth(SHORT, "diskusage:df");
        assertTrue(none.out().contains("Images") && !none.out().contains("Largest images:"), "topImages 0 lists none: " + none.all());

        assertEquals("Saved and applied.", saveSetting("diskUsage.topImages", ""));
        Shared.Result again = Shared.berth(SHORT, "diskusage:df");
        assertTrue(again.out().contains("Largest images:"), "without the setting the default applies again: " + again.all());
    }

    @Test
    @Order(3)
    void aBrokenBundleIsShownAsFailedAndHarmsNothing() throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", "e2e.broken");
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        m.getMainAttributes().putValue("Import-Package", "com.example.nowhere");
        Path part = FOLDER.resolve(".broken.jar.part");
        try (OutputStream out = Files.newOutputStream(part); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        Files.move(part, FOLDER.resolve("broken.jar"), StandardCopyOption.ATOMIC_MOVE);
        browser.script("location.hash = '#/extensions'");
        Browser.await(SHORT, "the broken bundle to show as failed", () -> {
            try {
                return browser.script("const r = document.querySelector('tr[data-name=\"e2e.broken\"]'); return r ? r.textContent : ''")
                        .asText().contains("no bundle exports package com.example.nowhere");
            } catch (Exception e) {
                return false;
            }
        });
        String row = browser.script("return document.querySelector('tr[data-name=\"" + NAME + "\"]').textContent").asText();
        assertTrue(row.contains("active"), row);
        browser.screenshot(Dashboard.SCREENSHOTS.resolve("extensions-page.png"));
        Shared.Result status = Shared.berth(SHORT, "status");
        assertEquals(0, status.code(), status.all());
        Shared.Result rm = Shared.berth(SHORT, "extension", "rm", "e2e.broken");
        assertEquals(0, rm.code(), rm.all());
    }

    @Test
    @Order(4)
    void anInstalledNewVersionReplacesTheOld() throws Exception {
        Path v2 = secondVersion();
        Shared.Result install = Shared.berth(SHORT, "extension", "install", v2.toString(), "--yes");
        assertEquals(0, install.code(), install.all());
        assertTrue(install.out().contains(NAME + " 0.2.0 active"), install.all());
        Shared.Result ls = Shared.berth(SHORT, "extension", "ls");
        assertTrue(ls.out().contains("0.2.0") && ls.out().contains(v2.toString()) && !ls.out().contains("0.1.0"), ls.all());
        browser.script("location.hash = '#/ext/disk-usage'");
        Browser.await(SHORT, "the new version's page", () -> {
            try {
                return inFrame("return d.querySelector('h1') ? d.querySelector('h1').textContent : ''").contains("version 2");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(5)
    void theDashboardInstallsAnUploadedJarOnlyAfterTheUserConfirms() throws Exception {
        Path v3 = version(3);
        browser.script("location.hash = '#/extensions'");
        String input = browser.await("#extension-jar", SHORT);
        browser.type(input, v3.toString());
        browser.await("dialog.install-confirm[open]", SHORT);
        String dialog = text("dialog.install-confirm");
        assertTrue(dialog.contains("Install disk-usage-0.3.0.jar?") && dialog.contains("Berth's rights")
                && dialog.contains("read your files"), dialog);
        browser.screenshot(Dashboard.SCREENSHOTS.resolve("extension-install-confirm.png"));
        browser.click(browser.find("dialog.install-confirm button[type=button]"));
        Browser.await(SHORT, "the cancel to be told", () -> text("#install-result").contains("Nothing was installed"));
        assertTrue(Shared.berth(SHORT, "extension", "ls").out().contains("0.2.0"), "a cancelled upload installs nothing");

        browser.type(browser.find("#extension-jar"), v3.toString());
        browser.await("dialog.install-confirm[open]", SHORT);
        browser.click(browser.find("dialog.install-confirm button[data-action=install]"));
        Browser.await(SHORT, "the install's answer", () -> text("#install-result").matches("(?s).*(Installed|failed).*"));
        assertTrue(text("#install-result").contains("0.3.0 active"), text("#install-result"));
        Shared.Result ls = Shared.berth(SHORT, "extension", "ls");
        assertTrue(ls.out().contains("0.3.0") && ls.out().contains("uploaded in the dashboard (disk-usage-0.3.0.jar)")
                && !ls.out().contains("0.2.0"), ls.all());
        browser.script("location.hash = '#/ext/disk-usage'");
        Browser.await(SHORT, "the uploaded version's page", () -> {
            try {
                return inFrame("return d.querySelector('h1') ? d.querySelector('h1').textContent : ''").contains("version 3");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(6)
    void anExtensionRemovedInTheDashboardGoesAway() throws Exception {
        browser.script("location.hash = '#/extensions'");
        browser.clickWhenReady("button[aria-label=\"Remove " + NAME + "\"]", SHORT);
        Browser.await(SHORT, "the tab to leave the navigation", () -> {
            try {
                return browser.find(TAB) == null;
            } catch (Exception e) {
                return false;
            }
        });
        Shared.Result ls = Shared.berth(SHORT, "extension", "ls");
        assertTrue(ls.out().contains("No extensions installed"), ls.all());
        Browser.await(SHORT, "the extension's guest service to be removed with it", () -> {
            try {
                return Shared.docker(SHORT, "inspect", SAMPLER).code() != 0;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(7)
    void theContainersPublishedPortAnsweredThroughout() throws Exception {
        loop.awaitAnswer(SHORT);
        System.out.println("published port while the extension was installed, updated and removed: " + loop);
        assertEquals(0, loop.missed(), "every request was answered: " + loop);
    }
}
