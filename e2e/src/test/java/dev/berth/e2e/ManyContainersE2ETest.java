package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.e2e.BerthCli.Result;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** A saved VM with fifty containers that publish ports resumes, and every port answers when berth start returns. */
@Order(7)
class ManyContainersE2ETest {
    private static final int COUNT = 50;
    private static final Duration T = Duration.ofMinutes(5);
    private static final List<String> names = new ArrayList<>();

    @BeforeAll
    static void berth() throws Exception {
        SharedBerth.ensureRunning();
        // Earlier suites change settings that only a boot applies (a state saved under other kernel arguments is
        // discarded, rightly): boot afresh, so the stop and start below can resume.
        Result restart = BerthCli.run(SharedBerth.START, "vm", "restart");
        assertEquals(0, restart.code(), restart.all());
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (names.isEmpty()) return;
        // Removing fifty running containers one teardown after another (each takes its published port's iptables
        // rules out, under TCG) took 15 min, and a reboot that leaves them stopped took 3 min with dockerd tidying
        // up at boot. A fresh data disk leaves an empty engine: the saved state no longer fits its disk and is
        // discarded, the next start boots cold and makes the disk again. The later suites import what they use.
        Result stop = BerthCli.run(SharedBerth.START, "stop");
        assertEquals(0, stop.code(), stop.all());
        Files.delete(BerthCli.HOME.resolve("disks/data.img"));
        Result start = BerthCli.run(SharedBerth.START, "start");
        assertEquals(0, start.code(), start.all());
        assertEquals("", SharedBerth.dockerOk(T, "ps", "-aq").out().strip(), "the engine starts empty");
    }

    /**
     * A free port below the kernel's ephemeral range: the ports are chosen minutes before the containers start, and a
     * port the kernel hands out (as {@code new ServerSocket(0)} does) can meanwhile become the local end of one of
     * the many connections the suite opens, which then refuses the publish as "port is already allocated".
     */
    private static int freePortBelowEphemeral(List<Integer> taken) throws Exception {
        int low = Integer.parseInt(   // by lines: Files.readString gives only the first byte of a /proc/sys file
                Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().strip().split("\\s+")[0]);
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 10000 + random.nextInt(Math.max(1, low - 10000));
            if (taken.contains(port)) continue;
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (java.io.IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port between 10000 and " + low);
    }

    @Test
    void fiftyPublishedContainersSurviveAStopAndStartAndAnswerAtOnce() throws Exception {
        String image = TestImages.busybox();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            int port = freePortBelowEphemeral(ports);
            String name = "many-" + i;
            SharedBerth.docker(T, "rm", "-f", name);
            Result created = SharedBerth.docker(T, "create", "--name", name, "-p", "127.0.0.1:" + port + ":80", image,
                    "httpd", "-f", "-p", "80", "-h", "/var/www");
            assertEquals(0, created.code(), created.all());
            names.add(name);
            ports.add(port);
        }
        List<String> start = new ArrayList<>(List.of("start"));
        start.addAll(names);
        Result started = SharedBerth.docker(T, start.toArray(String[]::new));
        assertEquals(0, started.code(), started.all());

        Result stop = BerthCli.run(Duration.ofMinutes(3), "stop");
        assertEquals(0, stop.code(), stop.all());
        Result resumed = BerthCli.run(SharedBerth.START, "start");
        assertEquals(0, resumed.code(), resumed.all());
        assertTrue(SharedBerth.subsystem("vm").path("facts").path("boot").asText("").startsWith("resumed"),
                SharedBerth.subsystem("vm") + "\n" + resumed.all());

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<String> failed = new ArrayList<>();
        for (int port : ports) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/index.html")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) failed.add(port + ": " + r.statusCode());
            } catch (java.io.IOException e) {
                failed.add(port + ": " + e);
            }
        }
        assertEquals(List.of(), failed, "every published port answers right after berth start");
    }
}
