package dev.berth.e2e.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import dev.berth.e2e.BerthCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard in Debian's headless Chromium against the shared Berth: live lists, actions, logs, terminal, settings.
 * One class of about 300 lines because its checks share one signed-in browser (a login code is good once) and write
 * one measurement report.
 */
@Order(50)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardE2ETest {
    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final String TICKER = "ui-e2e-ticker";
    private static final List<String> PAGES = List.of("containers", "images", "volumes", "system", "settings");
    private static final List<String> REPORT = new ArrayList<>();
    private static Dashboard dashboard;
    private static Browser browser;
    private static String image;

    @BeforeAll
    static void openTheDashboard() throws Exception {
        Shared.ensureRunning();
        image = Shared.busybox();
        Shared.docker(SHORT, "rm", "-f", TICKER);
        dashboard = Dashboard.find();
        browser = new Browser(1280, 800, 1);
        browser.open(Dashboard.loginUrl());
        browser.await("h1", SHORT);
    }

    @AfterAll
    static void closeTheBrowser() throws Exception {
        if (browser != null) browser.close();
        Shared.docker(SHORT, "rm", "-f", TICKER);
        Files.createDirectories(Dashboard.SCREENSHOTS);
        Files.write(Dashboard.SCREENSHOTS.resolve("measurements.txt"), REPORT);
        REPORT.forEach(System.out::println);
    }

    private static void show(String hash) throws Exception {
        browser.script("location.hash = arguments[0]", hash);
    }

    private static double renderedAfterLoad(String page, String hash) throws Exception {
        browser.open("about:blank");
        browser.open(dashboard.base() + hash);
        Browser.await(SHORT, page + " to render", () -> {
            try {
                return !browser.script("return (window.berthRenders || {})[arguments[0]] === undefined", page).asBoolean();
            } catch (Exception e) {
                return false;
            }
        });
        return browser.script("return window.berthRenders[arguments[0]]", page).asDouble();
    }

    @Test
    @Order(1)
    void requestsWithoutTheTokenAreRefused() throws Exception {
        String host = "Host: 127.0.0.1:" + dashboard.port + "\r\n";
        assertTrue(dashboard.raw("GET /api/containers HTTP/1.1\r\n" + host + "\r\n").startsWith("HTTP/1.1 401"));
        assertTrue(dashboard.raw("GET / HTTP/1.1\r\n" + host + "\r\n").startsWith("HTTP/1.1 401"));
        assertTrue(dashboard.raw("GET /ws HTTP/1.1\r\n" + host + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Origin: http://127.0.0.1:" + dashboard.port + "\r\n\r\n").startsWith("HTTP/1.1 401"));
        String token = Dashboard.token();
        String cookie = "Cookie: berth-dashboard-" + dashboard.port + "=" + token + "\r\n";
        assertTrue(dashboard.raw("GET /api/containers HTTP/1.1\r\n" + host + cookie + "\r\n").startsWith("HTTP/1.1 200"));
        assertTrue(dashboard.raw("POST /api/vm/restart HTTP/1.1\r\n" + host + cookie + "Origin: http://evil.example\r\n"
                + "Content-Length: 0\r\n\r\n").startsWith("HTTP/1.1 403"), "another site's page cannot act");
        assertTrue(dashboard.raw("GET /api/containers HTTP/1.1\r\nHost: evil.example:" + dashboard.port + "\r\n" + cookie + "\r\n")
                .startsWith("HTTP/1.1 403"), "a rebound DNS name cannot reach it");
        assertTrue(dashboard.raw("GET /?token=" + token + " HTTP/1.1\r\n" + host + "\r\n").startsWith("HTTP/1.1 401"),
                "the token itself does not open the dashboard from an address");
        String login = Dashboard.loginUrl();
        String code = login.substring(login.indexOf("?code="));
        String opened = dashboard.raw("GET /" + code + " HTTP/1.1\r\n" + host + "\r\n");
        assertTrue(opened.startsWith("HTTP/1.1 303") && opened.contains("HTTPOnly") && opened.contains("SameSite=Strict")
                && opened.contains("Location: /\r\n") && opened.contains("=" + token), opened);
        assertTrue(!opened.toLowerCase().contains("access-control-allow-origin"), opened);
        assertTrue(dashboard.raw("GET /" + code + " HTTP/1.1\r\n" + host + "\r\n").startsWith("HTTP/1.1 401"),
                "a login code opens the dashboard once");
        browser.open(dashboard.base().replace("127.0.0.1", "localhost") + "#/containers");
        browser.await("main.denied", SHORT);
        browser.screenshot(Dashboard.SCREENSHOTS.resolve("denied.png"));
        browser.open(Dashboard.loginUrl());
    }

    @Test
    @Order(2)
    void berthDashboardOpensTheBrowserWithALoginCodeAndNeverTheToken() throws Exception {
        Path bin = Files.createTempDirectory("berth-e2e-browser");
        Path args = bin.resolve("args");
        Path xdgOpen = Files.writeString(bin.resolve("xdg-open"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + args + ".tmp && mv "
                + args + ".tmp " + args + "\n");
        Files.setPosixFilePermissions(xdgOpen, PosixFilePermissions.fromString("rwx------"));
        BerthCli.Result r = BerthCli.exec(List.of(BerthCli.SOURCE.resolve("berth").toString(), "dashboard"), null, SHORT,
                Map.of("DISPLAY", ":99", "PATH", bin + ":" + System.getenv("PATH")));
        assertEquals(0, r.code(), r.all());
        Browser.await(SHORT, "the browser to be started", () -> Files.exists(args));
        String commandLine = Files.readString(args);
        String token = Dashboard.token();
        assertFalse(commandLine.contains(token), commandLine);
        assertFalse((r.out() + r.err()).contains(token), r.all());
        assertTrue(commandLine.startsWith(dashboard.base() + "?code="), commandLine);
        String opened = dashboard.raw("GET /" + commandLine.strip().substring(dashboard.base().length())
                + " HTTP/1.1\r\nHost: 127.0.0.1:" + dashboard.port + "\r\n\r\n");
        assertTrue(opened.startsWith("HTTP/1.1 303"), opened);
        assertFalse(Files.readString(BerthCli.HOME.resolve("logs/daemon.log")).contains(token), "the token is in the log");
    }

    @Test
    @Order(3)
    void eachPageRendersSoonAfterLoading() throws Exception {
        Map<String, Double> times = new LinkedHashMap<>();
        for (String page : PAGES) {
            renderedAfterLoad(page, "#/" + page);
            times.put(page, renderedAfterLoad(page, "#/" + page));
            Thread.sleep(1500);
            browser.screenshot(Dashboard.SCREENSHOTS.resolve(page + ".png"));
        }
        REPORT.add("time to first meaningful render after navigation start (second load, warm), ms:");
        times.forEach((page, ms) -> REPORT.add(String.format("  %-10s %6.0f", page, ms)));
        times.forEach((page, ms) -> assertTrue(ms < 10_000, page + " took " + ms + " ms"));
    }

    @Test
    @Order(4)
    void aContainerStartedWithTheCliAppearsWithinTwoSeconds() throws Exception {
        show("#/containers");
        browser.await("h1", SHORT);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Shared.Result run = Shared.docker(SHORT, "run", "-d", "--name", TICKER, "-p", port + ":80", image, "sh", "-c",
                "trap 'exit 0' TERM; i=0; while true; do echo \"tick $i\"; i=$((i+1)); sleep 1; done");
        long started = System.nanoTime();
        assertEquals(0, run.code(), run.all());
        browser.await("tr[data-name='" + TICKER + "'] .badge.running", Duration.ofSeconds(2));
        double ms = (System.nanoTime() - started) / 1e6;
        REPORT.add(String.format("container started with the docker CLI shown as running %.0f ms after the CLI returned", ms));
        assertTrue(browser.find("tr[data-name='" + TICKER + "'] .ports a[href='http://localhost:" + port + "/']") != null,
                "the published port links to localhost");
        browser.screenshot(Dashboard.SCREENSHOTS.resolve("containers-live.png"));
    }

    @Test
    @Order(5)
    void logsStreamIntoThePage() throws Exception {
        String id = Shared.docker(SHORT, "inspect", "-f", "{{.Id}}", TICKER).out().strip();
        double ms = renderedAfterLoad("container", "#/containers/" + id);
        REPORT.add(String.format("  %-10s %6.0f", "container", ms));
        Browser.await(SHORT, "the log to show ticks", () -> logText().contains("tick 2"));
        int seen = lastTick();
        Browser.await(Duration.ofSeconds(15), "a new log line to stream in", () -> lastTick() > seen);
        String search = browser.find("input[aria-label='Search the log']");
        browser.type(search, "tick 1");
        Browser.await(SHORT, "the search to count matches", () -> {
            try {
                return browser.script("return document.querySelector('.toolbar .sub').textContent").asText().contains("matching");
            } catch (Exception e) {
                return false;
            }
        });
        browser.screenshot(Dashboard.SCREENSHOTS.resolve("container-logs.png"));
        browser.clear(search);
        browser.click(browser.find("#tab-inspect"));
        browser.screenshot(Dashboard.SCREENSHOTS.resolve("container-inspect.png"));
        browser.click(browser.find("#tab-stats"));
        Browser.await(SHORT, "stats samples", () -> {
            try {
                return browser.script("return document.querySelector('polyline.cpu').getAttribute('points').split(' ').length").asInt() > 3;
            } catch (Exception e) {
                return false;
            }
        });
        browser.screenshot(Dashboard.SCREENSHOTS.resolve("container-stats.png"));
    }

    private static String logText() {
        try {
            return browser.script("return document.querySelector('.log').innerText").asText();
        } catch (Exception e) {
            return "";
        }
    }

    private static int lastTick() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("tick (\\d+)").matcher(logText());
        int last = -1;
        while (m.find()) last = Integer.parseInt(m.group(1));
        return last;
    }

    @Test
    @Order(6)
    void aCommandTypedIntoTheTerminalPrintsItsOutput() throws Exception {
        browser.click(browser.find("#tab-terminal"));
        String input = browser.await(".xterm-helper-textarea", SHORT);
        Browser.await(SHORT, "the shell's prompt", () -> terminalText().contains("#"));
        browser.type(input, "echo berth-$((6*7))\uE007");
        Browser.await(SHORT, "the command's output in the terminal", () -> terminalText().contains("berth-42"));
        browser.screenshot(Dashboard.SCREENSHOTS.resolve("container-terminal.png"));
    }

    private static String terminalText() {
        try {
            return browser.script("return document.querySelector('.xterm-rows').textContent").asText();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    @Order(7)
    void clickingStopStopsTheContainer() throws Exception {
        show("#/containers");
        browser.clickWhenReady("button[aria-label='Stop " + TICKER + "']", SHORT);
        Browser.await(Duration.ofSeconds(30), "docker to report the container stopped", () -> {
            try {
                return Shared.docker(SHORT, "inspect", "-f", "{{.State.Running}}", TICKER).out().strip().equals("false");
            } catch (Exception e) {
                return false;
            }
        });
        browser.await("tr[data-name='" + TICKER + "'] .badge.exited", Duration.ofSeconds(5));
    }

    @Test
    @Order(8)
    void pagesStayReadableAt200PercentZoom() throws Exception {
        // 200% zoom on a 1280x800 screen: a 640x400 CSS viewport drawn with two device pixels per CSS pixel
        try (Browser zoomed = new Browser(640, 400, 2)) {
            zoomed.open(Dashboard.loginUrl());
            for (String page : PAGES) {
                zoomed.open("about:blank");
                zoomed.open(dashboard.base() + "#/" + page);
                zoomed.await("main h1", SHORT);
                Thread.sleep(1500);
                zoomed.screenshot(Dashboard.SCREENSHOTS.resolve(page + "-200pct.png"));
                assertTrue(zoomed.script("return document.documentElement.scrollWidth <= window.innerWidth + 1").asBoolean(),
                        page + " scrolls sideways at 200% zoom");
            }
        }
    }

    @Test
    @Order(9)
    void aSettingsChangePersistsAcrossADaemonRestart() throws Exception {
        try {
            show("#/settings");
            String cpus = browser.await("#set-vm-cpus", SHORT);
            browser.clear(cpus);
            browser.type(cpus, "1");
            browser.click(browser.find("[data-key='vm.cpus'] button.primary"));
            browser.await("[data-key='vm.cpus'] .result.ok", SHORT);
            String said = browser.script("return document.querySelector(\"[data-key='vm.cpus'] .result\").textContent").asText();
            assertTrue(said.contains("applies when the VM restarts"), said);
            Shared.Result restart = Shared.berth(Duration.ofMinutes(5), "restart", "--daemon-only");
            assertEquals(0, restart.code(), restart.all());
            browser.open(dashboard.base() + "#/settings");
            String after = browser.await("#set-vm-cpus", SHORT);
            assertEquals("1", browser.script("return arguments[0].value", after).asText());
            assertEquals("1", Shared.berth(SHORT, "settings", "vm.cpus").out().strip());
        } finally {
            Shared.berth(SHORT, "settings", "--unset", "vm.cpus");
        }
    }

    @Test
    @Order(10)
    void theDashboardAddsLittleMemoryToTheDaemon() throws Exception {
        Shared.berth(SHORT, "settings", "dashboard.enabled", "false");
        try {
            assertEquals(0, Shared.berth(Duration.ofMinutes(5), "restart", "--daemon-only").code());
            Thread.sleep(20_000);
            long without = Dashboard.rssKiB(Shared.daemonPid());
            Shared.berth(SHORT, "settings", "--unset", "dashboard.enabled");
            assertEquals(0, Shared.berth(Duration.ofMinutes(5), "restart", "--daemon-only").code());
            Thread.sleep(20_000);
            long idle = Dashboard.rssKiB(Shared.daemonPid());
            browser.open(Dashboard.loginUrl());
            String id = Shared.docker(SHORT, "inspect", "-f", "{{.Id}}", TICKER).out().strip();
            Shared.docker(SHORT, "start", TICKER);
            for (String hash : List.of("#/containers", "#/containers/" + id, "#/images", "#/volumes", "#/system", "#/settings", "#/containers")) {
                show(hash);
                browser.await("main h1", SHORT);
                Thread.sleep(2000);
            }
            Thread.sleep(20_000);
            long open = Dashboard.rssKiB(Shared.daemonPid());
            REPORT.add(String.format("daemon RSS: dashboard off %d MiB, on but unused %d MiB (+%d), open in a browser %d MiB (+%d MiB, x%.2f)",
                    without >> 10, idle >> 10, (idle - without) >> 10, open >> 10, (open - without) >> 10, (double) open / without));
            assertTrue(open - without < 300 * 1024, "the dashboard added " + ((open - without) >> 10) + " MiB");
        } finally {
            Shared.berth(SHORT, "settings", "--unset", "dashboard.enabled");
        }
    }
}
