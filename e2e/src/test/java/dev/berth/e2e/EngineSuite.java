package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.e2e.BerthCli.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the engine suites share, as their base class: the shared Berth started and busybox imported before each, what
 * it made removed after it, the docker CLI run against Berth, the long-lived container {@value #MAIN}, and the
 * names that let each suite remove what it made. Containers, volumes and networks are named {@code eng-*} and
 * labelled {@value #LABEL}; images are {@code berth-e2e/engine-*}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class EngineSuite {
    static final Duration T = Duration.ofMinutes(2);
    static final Duration LONG = Duration.ofMinutes(6);
    static final String LABEL = "berth.e2e=engine";
    static final String MAIN = "eng-main";
    static final String VOLUME = "eng-vol";
    static final String NETWORK = "eng-net";
    static final String COMPOSE_PROJECT = "engcompose";
    /** PID 1 of the long-lived container: traps that leave markers in its log, a web server, and an idle loop. */
    static final String TRAPPING_SHELL = "trap 'echo got-USR1' USR1; trap 'echo got-TERM; exit 0' TERM; "
            + "httpd -p 80 -h /var/www; echo ready; while true; do sleep 0.2; done";
    static final ObjectMapper JSON = new ObjectMapper();
    static String busybox;
    static Path work;

    /** Starts the shared Berth, imports busybox and empties the suites' working folder. */
    @BeforeAll
    static void startBerthAndImportBusybox() throws Exception {
        SharedBerth.ensureRunning();
        busybox = TestImages.busybox();
        work = BerthCli.HOME.resolveSibling("engine-e2e");
        removeLeftovers();
        BerthCli.exec(List.of("rm", "-rf", work.toString()), null, T, Map.of());
        Files.createDirectories(work);
    }

    @AfterAll
    static void removeWhatTheSuiteMade() throws Exception {
        removeLeftovers();
    }

    /** The long-lived container of the suite: on volume eng-vol and network eng-net (alias main), serving /var/www. */
    static synchronized void ensureMain() throws Exception {
        Result state = docker("inspect", "-f", "{{.State.Running}}", MAIN);
        if (state.code() == 0 && state.out().strip().equals("true")) return;
        docker("rm", "-f", MAIN);
        ok(docker("volume", "create", "--label", LABEL, VOLUME));
        if (docker("network", "inspect", NETWORK).code() != 0) ok(docker("network", "create", "--label", LABEL, NETWORK));
        ok(docker("run", "-d", "--name", MAIN, "--label", LABEL, "-v", VOLUME + ":/v", "--network", NETWORK,
                "--network-alias", "main", busybox, "sh", "-c", TRAPPING_SHELL));
        awaitLog(MAIN, "ready");
    }

    static void removeLeftovers() throws Exception {
        if (docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + COMPOSE_PROJECT).out().strip().length() > 0
                || docker("volume", "inspect", COMPOSE_PROJECT + "_data").code() == 0) {
            for (String c : docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + COMPOSE_PROJECT).out().split("\\s+")) {
                if (!c.isBlank()) docker("rm", "-f", c);
            }
            docker("volume", "rm", COMPOSE_PROJECT + "_data");
            docker("network", "rm", COMPOSE_PROJECT + "_back", COMPOSE_PROJECT + "_front");
        }
        List<String> containers = docker("ps", "-aq", "--filter", "label=" + LABEL).out().lines().filter(l -> !l.isBlank()).toList();
        if (!containers.isEmpty()) docker(concat(List.of("rm", "-f"), containers.toArray(String[]::new)).toArray(String[]::new));
        List<String> volumes = docker("volume", "ls", "-q", "--filter", "label=" + LABEL).out().lines().filter(l -> !l.isBlank()).toList();
        if (!volumes.isEmpty()) docker(concat(List.of("volume", "rm", "-f"), volumes.toArray(String[]::new)).toArray(String[]::new));
        List<String> networks = docker("network", "ls", "-q", "--filter", "label=" + LABEL).out().lines().filter(l -> !l.isBlank()).toList();
        if (!networks.isEmpty()) docker(concat(List.of("network", "rm"), networks.toArray(String[]::new)).toArray(String[]::new));
        List<String> images = docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").out().lines()
                .filter(l -> l.startsWith("berth-e2e/engine-") || l.contains("/berth-e2e/pushed:") || l.startsWith(COMPOSE_PROJECT + "-"))
                .toList();
        if (!images.isEmpty()) docker(concat(List.of("rmi", "-f"), images.toArray(String[]::new)).toArray(String[]::new));
    }

    static Result docker(String... args) throws IOException, InterruptedException {
        return SharedBerth.docker(T, args);
    }

    static Result ok(Result r) {
        assertEquals(0, r.code(), r.all());
        return r;
    }

    /** Runs a program with the docker environment (Berth's socket, the suite's docker config) plus {@code env}. */
    static Result exec(List<String> cmd, String input, Duration timeout, Map<String, String> env)
            throws IOException, InterruptedException {
        Map<String, String> all = new java.util.HashMap<>(dockerEnv());
        all.putAll(env);
        return BerthCli.exec(cmd, input, timeout, all);
    }

    /** Runs {@code command} in a new pseudo-terminal (util-linux script), typing {@code input} into it. */
    static Result pty(String command, String input) throws IOException, InterruptedException {
        return exec(List.of("script", "-qec", command, "/dev/null"), input, T, Map.of());
    }

    static Map<String, String> dockerEnv() throws IOException {
        return SharedBerth.dockerEnv();
    }

    static List<String> dockerCommand(String... args) {
        return concat(List.of(BerthCli.DOCKER.toString()), args);
    }

    static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    static Path socket() {
        return BerthCli.HOME.resolve("run/docker.sock");
    }

    static Result curl(String url, String... options) {
        try {
            return BerthCli.exec(concat(List.of("curl", "-sS", "--max-time", "10", url), options), null, Duration.ofSeconds(30), Map.of());
        } catch (IOException | InterruptedException e) {
            return new Result(-1, "", e.toString());
        }
    }

    static void assertGone(String name) throws Exception {
        awaitTrue(() -> docker("ps", "-aq", "--filter", "name=^" + name + "$").out().isBlank(), Duration.ofSeconds(30),
                () -> "--rm removed " + name);
    }

    static void awaitLog(String container, String text) throws Exception {
        awaitTrue(() -> docker("logs", container).out().contains(text), Duration.ofSeconds(60),
                () -> container + " logged " + text + ": " + docker("logs", container).all());
    }

    static String serverTime() throws Exception {
        return ok(docker("info", "--format", "{{.SystemTime}}")).out().strip();
    }

    static String token() {
        return Long.toHexString(System.nanoTime()) + Integer.toHexString(new Random().nextInt(1 << 20));
    }

    static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            return s.getLocalPort();
        }
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }

    @FunctionalInterface
    interface Message {
        String get() throws Exception;
    }

    static void awaitTrue(Check check, Duration timeout, Message message) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 100;
        while (!check.ok()) {
            if (System.nanoTime() > deadline) throw new AssertionError(message.get());
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 1000);
        }
    }
}
