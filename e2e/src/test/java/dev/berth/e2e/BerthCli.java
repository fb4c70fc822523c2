package dev.berth.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code berth} launcher script with the test's own {@code BERTH_HOME}. */
public final class BerthCli {
    /**
     * What a command printed and how it exited.
     *
     * @param code exit code
     * @param out  standard output
     * @param err  standard error
     */
    public record Result(int code, String out, String err) {
        /** Output and error together, for assertion messages. */
        public String all() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    public static final Path SOURCE = Path.of(System.getProperty("berth.source", "..")).toAbsolutePath().normalize();
    public static final Path HOME = Path.of(System.getProperty("berth.e2e.home", "target/berth-home")).toAbsolutePath();
    /** The docker CLI Berth ships into its home; the suites run it and no other. */
    public static final Path DOCKER = HOME.resolve("bin/docker");

    private static String settings;

    private BerthCli() {
    }

    /**
     * The settings a test Berth starts with: its dashboard on a port of its own, so that the suites run beside a
     * user's Berth (which holds the default port), and {@code /tmp} shared besides the home, because the suites
     * keep their bind-mounted folders there.
     */
    public static synchronized String isolatedSettings() throws IOException {
        if (settings == null) {
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                settings = "{\n  \"dashboard\": {\"port\": " + free.getLocalPort() + "},\n"
                        + "  \"fileSharing\": {\"shares\": [\"~\", \"/tmp\"]}\n}\n";
            }
        }
        return settings;
    }

    /**
     * Sets {@code section.name} to a text value in settings.json, or removes it when {@code value} is null, for
     * the next daemon to read (a running daemon takes it too).
     */
    public static void editSettings(String key, String value) throws IOException {
        Path file = HOME.resolve("settings.json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) (Files.exists(file)
                ? json.readTree(Files.readString(file)) : json.createObjectNode());
        String[] parts = key.split("\\.", 2);
        var section = root.withObjectProperty(parts[0]);
        if (value == null) section.remove(parts[1]);
        else section.put(parts[1], value);
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** Runs {@code berth args...} and waits up to {@code timeout}. */
    public static Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        return runWithInput(timeout, null, args);
    }

    /** Runs {@code berth args...} with the given standard input. */
    public static Result runWithInput(Duration timeout, String input, String... args) throws IOException, InterruptedException {
        Path file = HOME.resolve("settings.json");
        if (args.length > 0 && args[0].equals("start")) {
            if (!Files.exists(file)) {
                Files.createDirectories(HOME);
                Files.writeString(file, isolatedSettings());
            }
            PassStore.ensure();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(SOURCE.resolve("berth").toString());
        cmd.addAll(List.of(args));
        return exec(cmd, input, timeout, Map.of());
    }

    /**
     * Runs {@code berth args...} without a locale: LANG, LANGUAGE and every LC_ variable unset, as in a shell after
     * {@code su -}.
     */
    public static Result runWithoutLocale(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("env");
        for (String name : System.getenv().keySet()) {
            if (name.equals("LANG") || name.equals("LANGUAGE") || name.startsWith("LC_")) cmd.addAll(List.of("-u", name));
        }
        cmd.add(SOURCE.resolve("berth").toString());
        cmd.addAll(List.of(args));
        return exec(cmd, null, timeout, Map.of());
    }

    /**
     * Runs any program with the test environment: Berth's home, the suites' docker config, Berth's {@code bin} first on
     * the PATH and the test's own password store, so that the daemon (which inherits this environment from
     * {@code berth start}) and the docker CLI find the credential helper {@code pass}. {@code DOCKER_HOST} of the test
     * JVM (for Testcontainers) is not passed on: a program gets it only through {@code env}.
     */
    public static Result exec(List<String> cmd, String input, Duration timeout, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DOCKER_HOST");
        pb.environment().put("BERTH_HOME", HOME.toString());
        pb.environment().put("BERTH_NO_BUILD", "1");
        pb.environment().put("DOCKER_CONFIG", HOME.resolveSibling("docker-config").toString());
        pb.environment().put("PATH", HOME.resolve("bin") + java.io.File.pathSeparator + System.getenv("PATH"));
        pb.environment().putAll(PassStore.environment());
        pb.environment().putAll(env);
        Path out = Files.createTempFile("berth-e2e", ".out");
        Path err = Files.createTempFile("berth-e2e", ".err");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        if (input == null) pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = pb.start();
        if (input != null) {
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeout + "\n"
                    + Files.readString(out) + Files.readString(err));
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /** The daemon's pid from its pid file, or -1. */
    public static long daemonPid() {
        try {
            return Long.parseLong(Files.readString(HOME.resolve("run").resolve("berthd.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether {@code pid} still runs. A process that ended but is not yet reaped (a zombie) has ended: the daemon
     * and QEMU are nobody's waited-for children, so the JDK would count them alive until init reaps them.
     */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | IndexOutOfBoundsException e) {
            return false;
        }
    }
}
