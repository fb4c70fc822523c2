package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.e2e.BerthCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one Berth (daemon and VM) that the suites of a test run share, stopped when the test JVM exits. */
public final class SharedBerth {
    public static final Duration START = Duration.ofMinutes(15);
    public static final Path DOCKER_CONFIG = BerthCli.HOME.resolveSibling("docker-config");
    private static boolean hooked;

    private SharedBerth() {
    }

    /** Starts Berth with its VM unless it already runs, and makes sure it is stopped at the end of the run. */
    public static synchronized void ensureRunning() throws Exception {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    BerthCli.run(Duration.ofMinutes(3), "stop");
                    PassStore.stopAgent();
                } catch (Exception e) {
                    // the run is ending anyway
                }
            }));
            hooked = true;
        }
        if (vmState().equals("running")) return;
        Result start = BerthCli.run(START, "start");
        assertEquals(0, start.code(), start.all());
    }

    /** The VM's state from {@code berth status --json}, or {@code none} when Berth does not run. */
    public static String vmState() throws Exception {
        return subsystem("vm").path("state").asText("none");
    }

    /** One subsystem's node of {@code berth status --json}; missing when Berth does not run. */
    public static JsonNode subsystem(String name) throws Exception {
        Result status = BerthCli.run(Duration.ofSeconds(30), "status", "--json");
        if (status.code() != 0) return new ObjectMapper().createObjectNode();
        for (JsonNode s : new ObjectMapper().readTree(status.out()).path("subsystems")) {
            if (s.path("name").asText().equals(name)) return s;
        }
        return new ObjectMapper().createObjectNode();
    }

    /** Runs the docker CLI Berth ships against Berth's socket, with the suites' own config folder. */
    public static Result docker(Duration timeout, String... args) throws IOException, InterruptedException {
        return dockerWithInput(timeout, null, args);
    }

    /** Runs the docker CLI and fails the test unless it exits 0. */
    public static Result dockerOk(Duration timeout, String... args) throws IOException, InterruptedException {
        Result r = docker(timeout, args);
        assertEquals(0, r.code(), r.all());
        return r;
    }

    /** Runs the docker CLI with standard input. */
    public static Result dockerWithInput(Duration timeout, String input, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BerthCli.DOCKER.toString()));
        cmd.addAll(List.of(args));
        return BerthCli.exec(cmd, input, timeout, dockerEnv());
    }

    /** The environment of a docker client: Berth's socket and the suites' config folder. */
    public static Map<String, String> dockerEnv() throws IOException {
        Files.createDirectories(DOCKER_CONFIG);
        return Map.of("DOCKER_HOST", dockerHost(), "DOCKER_CONFIG", DOCKER_CONFIG.toString());
    }

    /** The socket docker clients use. */
    public static String dockerHost() {
        return "unix://" + BerthCli.HOME.resolve("run").resolve("docker.sock");
    }

    /** The pid of the VM's QEMU process, from its pid file. */
    public static long qemuPid() throws IOException {
        return Long.parseLong(Files.readString(BerthCli.HOME.resolve("run/vm/qemu.pid")).trim());
    }
}
