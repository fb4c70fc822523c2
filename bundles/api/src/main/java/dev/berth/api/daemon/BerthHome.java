package dev.berth.api.daemon;

import java.nio.file.Path;
import java.util.Map;

/**
 * The layout of Berth's home folder.
 *
 * @param root the home folder
 */
public record BerthHome(Path root) {
    /** Framework property carrying the home folder to every bundle. */
    public static final String PROPERTY = "berth.home";

    /** Resolves the home folder from {@code BERTH_HOME}, else {@code ~/.berth}. */
    public static BerthHome resolve(Map<String, String> env, String userHome) {
        String configured = env.get("BERTH_HOME");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of(userHome, ".berth");
        return new BerthHome(root.toAbsolutePath().normalize());
    }

    /** Sockets and pid files. */
    public Path run() {
        return root.resolve("run");
    }

    /** Log files. */
    public Path logs() {
        return root.resolve("logs");
    }

    /** Built guest images, by content hash. */
    public Path images() {
        return root.resolve("images");
    }

    /** Disks of the VM. */
    public Path disks() {
        return root.resolve("disks");
    }

    /** Internal state such as the framework cache and certificates. */
    public Path state() {
        return root.resolve("state");
    }

    /** The command-line tools Berth ships for the host, such as {@code docker}. */
    public Path bin() {
        return root.resolve("bin");
    }

    /** The docker CLI plugins Berth ships (Compose, buildx), named in the CLI's {@code cliPluginsExtraDirs}. */
    public Path cliPlugins() {
        return root.resolve("cli-plugins");
    }

    /** The user's settings file. */
    public Path settingsFile() {
        return root.resolve("settings.json");
    }
}
