package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.e2e.BerthCli.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The Docker API on the host: the docker CLI 28 that Berth ships into its home against Berth's socket and the real
 * VM: version negotiation, inspect, stats, events, and many clients at once with malformed requests among them.
 */
@Order(3)
class EngineE2ETest extends EngineSuite {
    @Test
    @Order(1)
    void versionAndInfoNegotiateTheApiThroughTheSocket() throws Exception {
        Result version = ok(docker("version", "--format", "{{.Client.Version}}|{{.Client.APIVersion}}|{{.Server.Version}}|{{.Server.APIVersion}}"));
        String[] v = version.out().strip().split("\\|");
        assertTrue(v[0].startsWith("28."), "the CLI 28 Berth ships: " + version.all());
        assertTrue(v[2].startsWith("28."), "the guest's Engine 28: " + version.all());
        assertEquals(v[3], v[1], "client and engine speak the same API version: " + version.all());
        Result plain = ok(docker("version"));
        assertFalse(plain.out().contains("(downgraded from"), "no API downgrade between CLI and engine: " + plain.all());

        JsonNode info = JSON.readTree(ok(docker("info", "--format", "{{json .}}")).out());
        assertEquals("overlay2", info.path("Driver").asText(), info.toString());
        assertEquals("linux", info.path("OSType").asText());
        assertTrue(info.path("NCPU").asInt() >= 1 && info.path("MemTotal").asLong() > 256L << 20, info.toString());
        assertTrue(info.path("Images").asInt() >= 1, "busybox is there: " + info.path("Images"));
        assertTrue(info.path("ServerVersion").asText().startsWith("28."), info.toString());

        UnixHttp.Answer ping = UnixHttp.get(socket(), "/_ping");
        assertEquals(200, ping.status());
        assertEquals("OK", ping.body());
        assertEquals(v[3], ping.headers().get("api-version"), "_ping names the API version: " + ping.headers());
    }

    @Test
    @Order(2)
    void inspectStatsAndSystemDf() throws Exception {
        ensureMain();
        JsonNode main = JSON.readTree(ok(docker("inspect", MAIN)).out()).get(0);
        assertTrue(main.path("State").path("Running").asBoolean(), main.path("State").toString());
        assertEquals("engine", main.path("Config").path("Labels").path("berth.e2e").asText());
        assertEquals(VOLUME, main.path("Mounts").get(0).path("Name").asText(), main.path("Mounts").toString());
        JsonNode net = main.path("NetworkSettings").path("Networks").path(NETWORK);
        assertTrue(net.path("Aliases").toString().contains("\"main\""), net.toString());
        String imageId = ok(docker("image", "inspect", "-f", "{{.Id}}", busybox)).out().strip();
        assertEquals(imageId, main.path("Image").asText());

        Result stats = ok(docker("stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}", MAIN));
        String[] s = stats.out().strip().split("\\|");
        assertEquals(MAIN, s[0], stats.all());
        assertFalse(s[1].startsWith("0B"), "memory is measured: " + stats.all());
        assertTrue(Integer.parseInt(s[2]) >= 2, "the shell and httpd at least: " + stats.all());

        Result df = ok(docker("system", "df", "--format", "{{.Type}}|{{.TotalCount}}|{{.Active}}"));
        Map<String, String[]> rows = df.out().lines().map(l -> l.split("\\|")).collect(Collectors.toMap(r -> r[0], r -> r));
        assertTrue(Integer.parseInt(rows.get("Images")[1]) >= 1, df.all());
        assertTrue(Integer.parseInt(rows.get("Containers")[2]) >= 1, "eng-main is active: " + df.all());
        assertTrue(Integer.parseInt(rows.get("Local Volumes")[2]) >= 1, "eng-vol is in use: " + df.all());
        assertTrue(rows.containsKey("Build Cache"), df.all());
        Result verbose = ok(docker("system", "df", "-v"));
        assertTrue(verbose.out().contains(VOLUME) && verbose.out().contains(MAIN), verbose.all());
    }

    @Test
    @Order(3)
    void eventsStreamLiveAndWithinSinceUntil() throws Exception {
        String since = serverTime();
        String label = "berth.e2e.events=" + token();
        String format = "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}";
        try (Streaming events = Streaming.start(dockerCommand("events", "--since", since, "--filter", "label=" + label,
                "--format", format), dockerEnv())) {
            ok(docker("run", "--rm", "--name", "eng-events", "--label", LABEL, "--label", label, busybox, "true"));
            events.await(l -> l.equals("container create eng-events"), T);
            events.await(l -> l.equals("container start eng-events"), T);
            events.await(l -> l.equals("container destroy eng-events"), T);
            assertTrue(events.alive(), "the event stream stays open");
        }
        String until = serverTime();
        Result bounded = ok(docker("events", "--since", since, "--until", until, "--filter", "label=" + label, "--format", format));
        List<String> actions = bounded.out().lines().toList();
        assertTrue(actions.indexOf("container create eng-events") >= 0
                && actions.indexOf("container create eng-events") < actions.indexOf("container start eng-events")
                && actions.indexOf("container start eng-events") < actions.indexOf("container die eng-events")
                && actions.indexOf("container die eng-events") < actions.indexOf("container destroy eng-events"),
                "--since/--until replays the events in order and ends: " + bounded.all());
    }

    @Test
    @Order(4)
    void twoHundredConcurrentClientsAreAnsweredWhileMalformedRequestsGet400() throws Exception {
        Path socket = socket();
        List<byte[]> malformed = List.of(
                new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 'x', '\r', '\n', '\r', '\n'},
                "GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET /_ping HTTP/1.1 trailing-junk\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET /_ping HTTP/1.1\r\nthis header has no colon\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "POST /containers/create HTTP/1.1\r\nHost: docker\r\nContent-Length: lots\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int wellFormed = 200;
        int broken = 20;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> good = new ArrayList<>();
        List<Future<String>> bad = new ArrayList<>();
        long t0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < wellFormed + broken; i++) {
                int n = i;
                if (i % 11 == 5 && bad.size() < broken) {
                    byte[] request = malformed.get(bad.size() % malformed.size());
                    bad.add(pool.submit(() -> {
                        go.await();
                        UnixHttp.Answer a = UnixHttp.exchange(socket, request);
                        return a.status() + " " + a.body();
                    }));
                } else {
                    String path = n % 2 == 0 ? "/_ping" : "/v1.41/containers/json?all=1";
                    good.add(pool.submit(() -> {
                        go.await();
                        UnixHttp.Answer a = UnixHttp.get(socket, path);
                        return a.status() + " " + a.body();
                    }));
                }
            }
            t0 = System.nanoTime();
            go.countDown();
            List<String> failures = new ArrayList<>();
            int okCount = 0;
            for (Future<String> f : good) {
                String answer = result(f);
                if (answer.startsWith("200 OK") || answer.startsWith("200 [")) okCount++;
                else failures.add(answer);
            }
            int badCount = 0;
            for (Future<String> f : bad) {
                String answer = result(f);
                if (answer.startsWith("400 {\"message\":\"malformed HTTP request")) badCount++;
                else failures.add("malformed: " + answer);
            }
            assertEquals(wellFormed, good.size());
            assertEquals(broken, bad.size());
            assertEquals(List.of(), failures, failures.size() + " of " + (wellFormed + broken)
                    + " requests did not get the expected answer (200 for " + wellFormed + " well-formed, 400 for " + broken + " malformed)");
            assertEquals(wellFormed, okCount);
            assertEquals(broken, badCount);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        System.out.println("engine e2e: " + wellFormed + " clients and " + broken + " malformed requests answered in " + seconds + " s");
        assertEquals(200, UnixHttp.get(socket, "/_ping").status(), "the proxy still serves");
        awaitTrue(() -> Integer.parseInt(SharedBerth.subsystem("engine").path("facts").path("connections").asText("-1")) == 0,
                Duration.ofSeconds(30), () -> "every connection was closed: " + SharedBerth.subsystem("engine"));
    }


    // -----------------------------------------------------------------------------------------------------------

    private static String result(Future<String> f) throws Exception {
        try {
            return f.get(3, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            return "failed: " + e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return "no answer within 3 minutes";
        }
    }
}
