package dev.berth.cli.internal;

import java.nio.file.Path;

/**
 * The files the CLI shares with the daemon under Berth's home folder.
 *
 * @param root the home folder ({@code BERTH_HOME}, by default {@code ~/.berth})
 */
record CliHome(Path root) {
    /** Resolves the home folder from {@code BERTH_HOME}, else {@code ~/.berth}. */
    static CliHome resolve() {
        String env = System.getenv("BERTH_HOME");
        Path root = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".berth");
        return new CliHome(root.toAbsolutePath().normalize());
    }

    /** The control socket. */
    Path socket() {
        return root.resolve("run").resolve("berth.sock");
    }

    /** The daemon's pid file. */
    Path pidFile() {
        return root.resolve("run").resolve("berthd.pid");
    }

    /** The daemon's log file. */
    Path daemonLog() {
        return root.resolve("logs").resolve("daemon.log");
    }

    /** The VM's console log. */
    Path consoleLog() {
        return root.resolve("logs").resolve("console.log");
    }

    /** Berth's version, from the jar manifest. */
    static String version() {
        String v = CliHome.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
