package dev.berth.ui.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.ui.internal.docker.DockerUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebServerTest {
    @TempDir
    Path dir;
    private WebServer server;
    private AccessToken token;
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final LoginCodes codes = new LoginCodes(() -> now);
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        token = AccessToken.load(dir.resolve("dashboard.token"));
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Router router = new Router()
                .add("GET", "/api/ping", r -> CompletableFuture.completedFuture(Reply.json(Map.of("pong", true))))
                .add("GET", "/api/down", r -> CompletableFuture.failedFuture(new DockerUnavailableException("the engine is off", null)))
                .add("PUT", "/api/bad", r -> {
                    throw new IllegalArgumentException("CPUs must be a whole number");
                });
        server = new WebServer(port, new RequestGuard(token, codes, port), router, new StaticFiles(getClass().getClassLoader()),
                path -> null, Executors.newSingleThreadExecutor());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutTheTokenThePageSaysHowToOpenItAndTheApiRefuses() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(401, page.statusCode());
        assertTrue(page.body().contains("berth dashboard"));
        assertEquals(401, get("/api/ping").statusCode());
        assertTrue(page.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void aLoginCodeBecomesTheSessionCookieAndLeavesTheAddress() throws Exception {
        HttpResponse<String> res = get("/?code=" + codes.issue());
        assertEquals(303, res.statusCode());
        assertEquals("/", res.headers().firstValue("Location").orElseThrow());
        String cookie = res.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HTTPOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertEquals("berth-dashboard-" + port + "=" + token.value(), cookie.split(";")[0]);
        HttpResponse<String> index = get("/", "Cookie", cookie.split(";")[0]);
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self'"));
    }

    @Test
    void aLoginCodeOpensTheDashboardOnlyOnce() throws Exception {
        String code = codes.issue();
        assertEquals(303, get("/?code=" + code).statusCode());
        HttpResponse<String> again = get("/?code=" + code);
        assertEquals(401, again.statusCode());
        assertTrue(again.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void anExpiredLoginCodeIsRefused() throws Exception {
        String code = codes.issue();
        now = now.plus(LoginCodes.LIFETIME).plusSeconds(1);
        HttpResponse<String> late = get("/?code=" + code);
        assertEquals(401, late.statusCode());
        assertTrue(late.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void theLongLivedTokenNoLongerOpensThePageFromTheAddress() throws Exception {
        assertEquals(401, get("/?token=" + token.value()).statusCode());
        assertEquals(401, get("/?code=" + token.value()).statusCode());
    }

    @Test
    void apiFailuresAreAnsweredInWordsWithFittingStatuses() throws Exception {
        String auth = "Bearer " + token.value();
        assertEquals("{\"pong\":true}", get("/api/ping", "Authorization", auth).body());
        HttpResponse<String> down = get("/api/down", "Authorization", auth);
        assertEquals(503, down.statusCode());
        assertEquals("{\"message\":\"the engine is off\"}", down.body());
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/bad"))
                .header("Authorization", auth).PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("whole number"));
        assertEquals(404, get("/api/nothing", "Authorization", auth).statusCode());
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ping"))
                .header("Authorization", auth).DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aTakenPortIsReportedWithWhatToDo() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> new WebServer(port,
                new RequestGuard(token, codes, port), new Router(), new StaticFiles(getClass().getClassLoader()), p -> null, Runnable::run));
        assertTrue(e.getMessage().contains("already in use") && e.getMessage().contains("berth settings dashboard.port"), e.getMessage());
    }
}
