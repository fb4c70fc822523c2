package dev.berth.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code berth dashboard}: asks the daemon, over the control socket only its owner can open, for the dashboard's
 * address with a one-time login code, and opens that in the browser. The access token itself never appears on a
 * command line, where every local user could read it in {@code /proc}.
 */
final class DashboardOpener {
    /** Starts a program; the browser is one. */
    interface Launcher {
        void launch(List<String> command) throws IOException;
    }

    /** Runs a daemon shell command, as {@link DaemonClient#exec} does. */
    interface Daemon {
        int exec(List<String> words, PrintStream out, PrintStream err) throws IOException;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final boolean desktop;
    private final Launcher launcher;

    DashboardOpener(PrintStream out, PrintStream err, boolean desktop, Launcher launcher) {
        this.out = out;
        this.err = err;
        this.desktop = desktop;
        this.launcher = launcher;
    }

    /** Starts a program detached from this one's output. */
    static void start(List<String> command) throws IOException {
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Opens the dashboard, or with {@code --print} (or without a desktop) prints its one-time address. */
    int run(Daemon client, List<String> args) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        int code = client.exec(List.of("berth:dashboard"), new PrintStream(answer, true, StandardCharsets.UTF_8), err);
        if (code != 0) return code;
        String url = answer.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("http://"))
                .findFirst().orElse("").strip();
        if (url.isEmpty()) {
            err.println("berth: the daemon gave no dashboard address: " + answer.toString(StandardCharsets.UTF_8));
            return 1;
        }
        String base = url.substring(0, url.indexOf('?') < 0 ? url.length() : url.indexOf('?'));
        if (!args.contains("--print") && !args.contains("-p") && desktop) {
            try {
                launcher.launch(List.of("xdg-open", url));
                out.println("Opened the dashboard in your browser: " + base);
                return 0;
            } catch (IOException e) {
                err.println("could not open a browser (" + e.getMessage() + ")");
            }
        }
        out.println(url);
        out.println("(this address opens the dashboard once, within 30 seconds; berth dashboard --print gives another)");
        return 0;
    }

    /** Whether a browser can be shown: a display is set and {@code xdg-open} is on the PATH. */
    static boolean hasDesktop(Map<String, String> env) {
        boolean display = !env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
        return display && Arrays.stream(env.getOrDefault("PATH", "").split(":")).filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "xdg-open")));
    }
}
