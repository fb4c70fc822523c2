package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.e2e.BerthCli.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Published ports on the host, port conflicts, host.docker.internal and outbound traffic, with the real CLI. */
@Order(4)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkE2ETest {
    private static final Duration T = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static String image;

    @BeforeAll
    static void berth() throws Exception {
        SharedBerth.ensureRunning();
        image = TestImages.busybox();
        cleanup();   // what an interrupted earlier run left behind
    }

    @AfterAll
    static void cleanup() throws Exception {
        SharedBerth.docker(T, "rm", "-f", "net-web", "net-rnd", "net-udp", "net-clash", "net-many", "net-short",
                "net-restart");
    }

    private static Result docker(String... args) throws Exception {
        return SharedBerth.dockerOk(T, args);
    }

    @Test
    @Order(1)
    void aPublishedPortAnswersOnTheHostWithinASecondOfRunReturning() throws Exception {
        int port = freePort();
        docker("run", "-d", "--name", "net-web", "-p", "127.0.0.1:" + port + ":80", image, "httpd", "-f", "-p", "80", "-h", "/var/www");
        long returned = System.nanoTime();
        String body = awaitHttp("http://127.0.0.1:" + port + "/index.html", Duration.ofSeconds(1));
        long millis = (System.nanoTime() - returned) / 1_000_000;
        assertEquals("hello from berth\n", body);
        assertTrue(millis < 1000, "first byte after " + millis + " ms");
        Result ports = BerthCli.run(T, "ports");
        assertTrue(ports.out().lines().anyMatch(l -> l.startsWith("127.0.0.1:" + port) && l.contains("net-web")), ports.all());
        docker("rm", "-f", "net-web");
        assertTrue(free(port), "the forward is gone after the container is removed");
    }

    @Test
    @Order(2)
    void randomPortsAreReportedByDockerPortAndWork() throws Exception {
        docker("run", "-d", "--name", "net-rnd", "-P", "--expose", "80", image, "httpd", "-f", "-p", "80", "-h", "/var/www");
        String mapping = docker("port", "net-rnd", "80/tcp").out().lines().filter(l -> l.startsWith("0.0.0.0:"))
                .findFirst().orElseThrow();
        int port = Integer.parseInt(mapping.substring(mapping.indexOf(':') + 1).strip());
        assertEquals("hello from berth\n", awaitHttp("http://127.0.0.1:" + port + "/index.html", Duration.ofSeconds(2)));
        docker("stop", "-t", "1", "net-rnd");
        assertTrue(free(port), "the forward is gone after the container stops");
    }

    @Test
    @Order(3)
    void udpPortsAreForwarded() throws Exception {
        int port = freeUdpPort();
        docker("run", "-d", "--name", "net-udp", "-p", "127.0.0.1:" + port + ":9999/udp", TestImages.udpEcho(),
                "udp-echo", "9999");
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(1000);
            byte[] answer = new byte[64];
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                s.send(new DatagramPacket("ping".getBytes(StandardCharsets.US_ASCII), 4, InetAddress.getLoopbackAddress(), port));
                DatagramPacket got = new DatagramPacket(answer, answer.length);
                try {
                    s.receive(got);
                    assertEquals("ping", new String(answer, 0, got.getLength(), StandardCharsets.US_ASCII));
                    break;
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() > deadline) throw new AssertionError("no UDP echo through port " + port);
                }
            }
        }
        docker("rm", "-f", "net-udp");
    }

    @Test
    @Order(4)
    void aTakenPortFailsTheRunInDockersWordsAndLeavesTheContainerUnstarted() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();
            Result r = SharedBerth.docker(T, "run", "-d", "--name", "net-clash", "-p", port + ":80", image, "httpd", "-f", "-p", "80");
            assertEquals(125, r.code(), r.all());
            assertTrue(r.err().contains("Bind for 0.0.0.0:" + port + " failed: port is already allocated"), r.all());
            assertEquals("created", docker("inspect", "-f", "{{.State.Status}}", "net-clash").out().strip());
            assertEquals("0001-01-01T00:00:00Z", docker("inspect", "-f", "{{.State.StartedAt}}", "net-clash").out().strip());
        }
        docker("rm", "-f", "net-clash");
    }

    @Test
    @Order(4)
    void aTakenPortFailsARemovedOnExitRunWithoutLeavingItWaiting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();
            Result r = SharedBerth.docker(T, "run", "--rm", "--name", "net-clash-rm", "-p", port + ":80", image, "true");
            assertEquals(125, r.code(), r.all());
            assertTrue(r.err().contains("Bind for 0.0.0.0:" + port + " failed: port is already allocated"), r.all());
            assertTrue(docker("ps", "-a", "-q", "--filter", "name=net-clash-rm").out().isBlank(), "removed, as dockerd would");
        }
    }

    @Test
    @Order(5)
    void fiftyPortsArePublishedAndWithdrawnInALoopWithNoListenerLeft() throws Exception {
        int base = freeRange(50);
        // two rounds: the second publishes again the ports the first withdrew (a round takes about a minute under
        // TCG, where dockerd's iptables calls for fifty ports are slow)
        for (int round = 0; round < 2; round++) {
            List<String> args = new ArrayList<>(List.of("run", "-d", "--name", "net-many"));
            args.add("-p");
            args.add("127.0.0.1:" + base + "-" + (base + 49) + ":8000-8049");
            args.addAll(List.of(image, "sleep", "600"));
            docker(args.toArray(String[]::new));
            for (int p = base; p < base + 50; p++) assertFalse(free(p), "port " + p + " is published in round " + round);
            docker("rm", "-f", "net-many");
            for (int p = base; p < base + 50; p++) assertTrue(free(p), "port " + p + " is left open after round " + round);
        }
    }

    @Test
    @Order(6)
    void aContainerThatExitsWithdrawsItsPorts() throws Exception {
        int port = freePort();
        docker("run", "-d", "--name", "net-short", "-p", "127.0.0.1:" + port + ":80", image, "sleep", "2");
        assertFalse(free(port));
        docker("wait", "net-short");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!free(port) && System.nanoTime() < deadline) Thread.sleep(100);
        assertTrue(free(port), "the port of an exited container is withdrawn");
        docker("rm", "-f", "net-short");
    }

    @Test
    @Order(7)
    void containersReachTheHostsLoopbackAsHostDockerInternal() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answerOnce(server, "hello from the host"));
            Result r = docker("run", "--rm", image, "wget", "-qO-", "http://host.docker.internal:" + server.getLocalPort() + "/");
            assertEquals("hello from the host", r.out().strip());
        }
        Result hosts = docker("run", "--rm", image, "cat", "/etc/hosts");
        assertTrue(hosts.out().contains("gateway.docker.internal"), hosts.all());
    }

    @Test
    @Order(8)
    void containersResolveNamesThroughTheHost() throws Exception {
        InetAddress.getByName("deb.debian.org");
        Result r = docker("run", "--rm", image, "nslookup", "deb.debian.org");
        assertTrue(r.out().contains("Address"), r.all());
    }

    @Test
    @Order(9)
    void aRestartPolicyContainerGetsItsPortBackAfterBerthRestarts() throws Exception {
        int port = freePort();
        docker("run", "-d", "--name", "net-restart", "--restart", "always", "-p", "127.0.0.1:" + port + ":80", image,
                "httpd", "-f", "-p", "80", "-h", "/var/www");
        awaitHttp("http://127.0.0.1:" + port + "/index.html", Duration.ofSeconds(5));
        Result stop = BerthCli.run(Duration.ofMinutes(3), "stop");
        assertEquals(0, stop.code(), stop.all());
        assertTrue(free(port), "no listener is left while Berth is stopped");
        Result start = BerthCli.run(SharedBerth.START, "start");
        assertEquals(0, start.code(), start.all());
        assertEquals("hello from berth\n", awaitHttp("http://127.0.0.1:" + port + "/index.html", Duration.ofSeconds(30)));
        docker("rm", "-f", "net-restart");
    }

    private static String awaitHttp(String url, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return r.body();
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no answer from " + url + " within " + within, last);
    }

    private static void answerOnce(ServerSocket server, String text) {
        try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            in.read(new byte[4096]);
            out.write(("HTTP/1.0 200 OK\r\nContent-Length: " + text.length() + "\r\n\r\n" + text).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the test reports what the container saw
        }
    }

    static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static int freeRange(int count) {
        for (int base = 20000; base < 30000; base += count) {
            boolean all = true;
            for (int p = base; p < base + count && all; p++) all = free(p);
            if (all) return base;
        }
        throw new AssertionError("no " + count + " free ports in a row");
    }
}
