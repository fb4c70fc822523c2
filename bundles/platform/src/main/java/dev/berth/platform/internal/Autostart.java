package dev.berth.platform.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Adds Berth to, or removes it from, the user's XDG autostart programs ({@code ~/.config/autostart/berth.desktop}). */
final class Autostart {
    private final Path file;
    private final List<String> command;

    /**
     * @param file    the desktop entry to write
     * @param command the program and arguments that start Berth
     */
    Autostart(Path file, List<String> command) {
        this.file = file;
        this.command = command;
    }

    /** The entry for this user: under {@code $XDG_CONFIG_HOME} (default {@code ~/.config}), starting the installed client. */
    static Autostart forUser(Map<String, String> env, String userHome, Path berthHome, Path daemonJar) {
        String config = env.getOrDefault("XDG_CONFIG_HOME", "");
        Path base = config.isBlank() ? Path.of(userHome, ".config") : Path.of(config);
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path client = daemonJar.toAbsolutePath().resolveSibling("berth-cli.jar");
        return new Autostart(base.resolve("autostart").resolve("berth.desktop"),
                List.of("env", "BERTH_HOME=" + berthHome, java, "-jar", client.toString(), "start"));
    }

    /** Writes or removes the entry. */
    void apply(boolean enabled) throws IOException {
        if (!enabled) {
            Files.deleteIfExists(file);
            return;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, entry());
    }

    /** The desktop entry's text. */
    String entry() {
        return """
                [Desktop Entry]
                Type=Application
                Name=Berth
                Comment=Starts Berth, the Docker Engine in a small VM
                Exec=%s
                Terminal=false
                X-GNOME-Autostart-enabled=true
                """.formatted(command.stream().map(Autostart::quote).collect(Collectors.joining(" ")));
    }

    /** The file written. */
    Path file() {
        return file;
    }

    /** Quotes an argument the way the Desktop Entry specification asks when it holds reserved characters. */
    static String quote(String arg) {
        if (arg.matches("[A-Za-z0-9_./=:+-]+")) return arg;
        return "\"" + arg.replace("\\", "\\\\\\\\").replace("\"", "\\\"").replace("`", "\\`").replace("$", "\\$").replace("%", "%%") + "\"";
    }
}
