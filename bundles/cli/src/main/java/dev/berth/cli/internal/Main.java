package dev.berth.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The {@code berth} command: starts, stops and talks to the Berth daemon. */
public final class Main {
    static final String USAGE = """
            Usage: berth COMMAND [OPTIONS]

            Berth runs the Docker Engine in a small Linux VM and makes it feel local.

            Commands:
              start [--no-vm]       Start Berth in the background and wait until it is ready
                                    (with --no-vm only the daemon starts)
              stop [--keep-vm] [--restore-context]
                                    Stop Berth (with --keep-vm the VM keeps running for the next start;
                                    with --restore-context the docker CLI goes back to its previous context)
              restart [--daemon-only]
                                    Stop and start Berth (with --daemon-only the VM and containers keep running)
              status [--json]       Show what runs and each subsystem's state
              logs [-f] [-n N] [vm] Show the daemon's log (or the VM console with 'vm'); -f follows it
              shell [-c LINE]       Open the admin shell of the running daemon (or run one line)
              settings [KEY [VALUE]]
                                    Show or change settings (settings.json)
              version               Show Berth's version
              dashboard [--print]   Open the dashboard in your browser (with --print, or without a desktop,
                                    print an address that opens it once, within 30 seconds)
              doctor                Check this machine and say how to fix what is missing
              uninstall [--purge-data [--yes]]
                                    Say how to remove Berth and what stays; with --purge-data, stop Berth and
                                    remove your Berth data (asks first, unless --yes)
              extension ls | install FILE.jar|IMAGE [--yes] | update FILE.jar|IMAGE [--yes] |
                        validate IMAGE | rm NAME
                                    List, install (asks first: extensions run with Berth's rights),
                                    update or remove extension bundles ($BERTH_HOME/extensions) and Docker
                                    Desktop-format extension images; validate checks an image
              help                  Show this help

            Other commands are passed to the daemon's shell, such as 'berth vm status'.
            Berth keeps its files in $BERTH_HOME (default ~/.berth).""";

    private Main() {
    }

    /** Runs one command and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        CliHome home = CliHome.resolve();
        if (args.isEmpty()) {
            out.println(USAGE);
            return 0;
        }
        String command = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "help", "-h", "--help" -> {
                    out.println(USAGE);
                    yield 0;
                }
                case "start" -> new DaemonLauncher(home, out, err).start(!rest.contains("--no-vm"));
                case "stop" -> new DaemonLauncher(home, out, err).stop(rest.contains("--keep-vm"), rest.contains("--restore-context"));
                case "restart" -> new DaemonLauncher(home, out, err).restart(rest.contains("--daemon-only"));
                case "status" -> status(home, rest, out, err);
                case "logs" -> new LogTail(home, out, err).run(rest);
                case "shell" -> shell(home, rest, out, err);
                case "version", "--version" -> version(home, out);
                case "doctor" -> new Doctor(home, out).run();
                case "dashboard" -> dashboard(home, rest, out, err);
                case "uninstall" -> uninstall(home, rest, out, err);
                // not in the help: the package runs it when it is installed
                case "aot-cache" -> rest.size() == 1 ? new AotTraining(home, out, err).run(Path.of(rest.getFirst()))
                        : usage(err, "berth aot-cache FILE");
                case "extension", "extensions" -> extension(home, rest, out, err);
                default -> passThrough(home, command, rest, out, err);
            };
        } catch (IOException e) {
            err.println("berth: " + e.getMessage());
            return 1;
        }
    }

    private static int status(CliHome home, List<String> rest, PrintStream out, PrintStream err) throws IOException {
        DaemonClient client = new DaemonClient(home);
        if (!client.answers()) {
            if (rest.contains("--json")) {
                out.println("{\"running\": false}");
            } else {
                out.println("Berth is not running. Start it with: berth start");
            }
            return 3;
        }
        List<String> words = new ArrayList<>(List.of("berth:status"));
        words.addAll(rest);
        return client.exec(words, out, err);
    }

    private static int shell(CliHome home, List<String> rest, PrintStream out, PrintStream err) throws IOException {
        DaemonClient client = requireDaemon(home, err);
        if (client == null) return 3;
        if (rest.size() >= 2 && rest.getFirst().equals("-c")) {
            return client.line(String.join(" ", rest.subList(1, rest.size())), out, err);
        }
        return client.shell(System.in, out, err);
    }

    private static int dashboard(CliHome home, List<String> rest, PrintStream out, PrintStream err) throws IOException {
        DaemonClient client = requireDaemon(home, err);
        if (client == null) return 3;
        return new DashboardOpener(out, err, DashboardOpener.hasDesktop(System.getenv()), DashboardOpener::start)
                .run(client::exec, rest);
    }

    private static int usage(PrintStream err, String usage) {
        err.println("usage: " + usage);
        return 2;
    }

    private static int uninstall(CliHome home, List<String> rest, PrintStream out, PrintStream err) throws IOException {
        String docker = System.getenv("DOCKER_CONFIG");
        Path dockerConfig = docker != null && !docker.isBlank() ? Path.of(docker)
                : Path.of(System.getProperty("user.home"), ".docker");
        // one line from the terminal or a pipe; none (end of input, as from /dev/null) means nobody can answer
        Supplier<Optional<String>> answer = () -> {
            try {
                return Optional.ofNullable(new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine());
            } catch (IOException e) {
                return Optional.empty();
            }
        };
        return new Uninstall(new BerthData(home.root(), dockerConfig), Installation.current(), out, err, answer,
                () -> new DaemonLauncher(home, out, err).stopAll()).run(rest);
    }

    private static int extension(CliHome home, List<String> rest, PrintStream out, PrintStream err) throws IOException {
        DaemonClient client = requireDaemon(home, err);
        if (client == null) return 3;
        java.io.BufferedReader answer = System.console() == null ? null
                : new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        List<String> words = ExtensionInstall.words(rest, answer, out, err);
        return words == null ? 1 : client.exec(words, out, err);
    }

    private static int version(CliHome home, PrintStream out) {
        out.println("Berth client " + CliHome.version() + " (Java " + Runtime.version() + ")");
        try {
            out.println("Runs from: " + Installation.current().describe());
        } catch (IOException e) {
            out.println("Runs from: unknown (" + e.getMessage() + ")");
        }
        DaemonClient client = new DaemonClient(home);
        client.ping().ifPresentOrElse(
                info -> out.println("Berth daemon " + info.getOrDefault("version", "?") + " (pid " + info.get("pid") + ")"),
                () -> out.println("Berth daemon not running"));
        return 0;
    }

    private static int passThrough(CliHome home, String command, List<String> rest, PrintStream out, PrintStream err)
            throws IOException {
        DaemonClient client = requireDaemon(home, err);
        if (client == null) return 3;
        List<String> words = new ArrayList<>();
        words.add(command.contains(":") ? command : "berth:" + command);
        words.addAll(rest);
        return client.exec(words, out, err);
    }

    static DaemonClient requireDaemon(CliHome home, PrintStream err) {
        DaemonClient client = new DaemonClient(home);
        if (client.answers()) return client;
        err.println("Berth is not running. Start it with: berth start");
        return null;
    }

    /** For tests: splits a command line on spaces. */
    static List<String> words(String line) {
        return Arrays.stream(line.trim().split("\\s+")).toList();
    }
}
