package dev.berth.e2e.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * Debian's headless Chromium driven through Debian's chromedriver with the W3C WebDriver protocol: a few calls over
 * HTTP, so the suite needs no browser download and no Selenium on the test class path.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Process driver;
    private final Path profile;
    private final String session;

    /**
     * Starts chromedriver and a fresh Chromium.
     *
     * @param scale the device scale factor: 2 shows pages as at 200% zoom
     */
    Browser(int width, int height, int scale) throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's Chromium: apt-get install chromium chromium-driver");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        profile = Files.createTempDirectory("berth-chromium");
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String base = "http://127.0.0.1:" + port;
        await(Duration.ofSeconds(20), "chromedriver to answer", () -> {
            try {
                return call("GET", base + "/status", null).path("value").path("ready").asBoolean();
            } catch (Exception e) {
                return false;
            }
        });
        ObjectNode caps = JSON.createObjectNode();
        ObjectNode chrome = caps.putObject("capabilities").putObject("alwaysMatch").put("browserName", "chrome")
                .putObject("goog:chromeOptions").put("binary", CHROMIUM.toString());
        ArrayNode args = chrome.putArray("args");
        for (String a : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--force-device-scale-factor=" + scale)) {
            args.add(a);
        }
        JsonNode created = call("POST", base + "/session", caps);
        session = base + "/session/" + created.path("value").path("sessionId").asText();
    }

    private JsonNode call(String method, String url, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        req.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + method + " " + url + " failed: " + json.path("value").path("message").asText(res.body()));
        }
        return json;
    }

    private JsonNode post(String path, JsonNode body) throws Exception {
        return call("POST", session + path, body == null ? JSON.createObjectNode() : body).path("value");
    }

    /** Loads a URL and waits for the page's load event. */
    void open(String url) throws Exception {
        post("/url", JSON.createObjectNode().put("url", url));
    }

    /** How many windows the browser has open (a page's {@code window.open} adds one). */
    int windows() throws Exception {
        return call("GET", session + "/window/handles", null).path("value").size();
    }

    /** Runs JavaScript in the page; {@code return} gives the result. */
    JsonNode script(String js, Object... args) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", js);
        ArrayNode list = body.putArray("args");
        for (Object a : args) list.add(a instanceof String id && id.startsWith("element:") ? element(id.substring(8)) : JSON.valueToTree(a));
        return post("/execute/sync", body);
    }

    private static ObjectNode element(String id) {
        return JSON.createObjectNode().put(ELEMENT, id);
    }

    /** The first element matching a CSS selector, as {@code element:ID} for the other calls, or null. */
    String find(String css) throws Exception {
        JsonNode found = post("/elements", JSON.createObjectNode().put("using", "css selector").put("value", css));
        return found.isEmpty() ? null : "element:" + found.get(0).path(ELEMENT).asText();
    }

    /** Waits for an element to exist. */
    String await(String css, Duration timeout) throws Exception {
        String[] found = new String[1];
        await(timeout, "an element matching " + css, () -> {
            try {
                found[0] = find(css);
                return found[0] != null;
            } catch (Exception e) {
                return false;
            }
        });
        return found[0];
    }

    /**
     * Finds and clicks the element matching {@code css}, finding it again when a live update replaced it between
     * the find and the click (the page re-renders lists as the engine reports changes).
     */
    void clickWhenReady(String css, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String element = await(css, timeout);
            try {
                click(element);
                return;
            } catch (IllegalStateException e) {
                if (!String.valueOf(e.getMessage()).contains("stale element") || System.nanoTime() > deadline) throw e;
            }
        }
    }

    void click(String element) throws Exception {
        post("/element/" + element.substring(8) + "/click", null);
    }

    /** Types text into an element, as keys on the keyboard. */
    void type(String element, String text) throws Exception {
        post("/element/" + element.substring(8) + "/value", JSON.createObjectNode().put("text", text));
    }

    void clear(String element) throws Exception {
        post("/element/" + element.substring(8) + "/clear", null);
    }

    /** Makes the frame that {@code element} (an iframe) shows the one the next calls work in. */
    void frame(String element) throws Exception {
        post("/frame", JSON.createObjectNode().set("id", element(element.substring(8))));
    }

    /** Makes the window's top page the one the next calls work in again. */
    void topFrame() throws Exception {
        post("/frame", JSON.createObjectNode().putNull("id"));
    }

    /** Saves a PNG of the window. */
    void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        String png = call("GET", session + "/screenshot", null).path("value").asText();
        Files.write(file, Base64.getDecoder().decode(png));
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    static void await(Duration timeout, String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) return;
            Thread.sleep(100);
        }
        throw new AssertionError("gave up waiting " + timeout.toSeconds() + " s for " + what);
    }

    /** Ends the session, Chromium and chromedriver, and removes the profile. */
    @Override
    public void close() throws Exception {
        try {
            call("DELETE", session, null);
        } catch (Exception e) {
            // the driver is stopped below either way
        }
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly().waitFor();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
