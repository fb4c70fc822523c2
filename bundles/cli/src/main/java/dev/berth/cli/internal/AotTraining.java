package dev.berth.cli.internal;

import dev.berth.cli.home.PrivateHome;
import dev.berth.nativeio.Processes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth aot-cache FILE}, which the package runs when it is installed: one training run of the installed daemon
 * (started without a VM in the caller's {@code BERTH_HOME}, stopped once every bundle is active) whose AOT cache the
 * JVM writes to {@code FILE} as it exits, readable by every user. The cache holds what the JVM records about this jar
 * on this Java runtime, so it is made again whenever the package (and so either of them) changes.
 */
final class AotTraining {
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Duration EXIT = Duration.ofSeconds(180);
    private final CliHome home;
    private final PrintStream out;
    private final PrintStream err;

    AotTraining(CliHome home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    /** Makes the cache {@code output}; returns the exit code. */
    int run(Path output) throws IOException {
        DaemonClient client = new DaemonClient(home);
        if (client.answers()) {
            err.println("berth aot-cache: a daemon runs in " + home.root() + "; give the training run a home of its own "
                    + "(BERTH_HOME)");
            return 1;
        }
        PrivateHome.prepare(home.root());
        Path cache = output.toAbsolutePath();
        Files.createDirectories(cache.getParent());
        Files.deleteIfExists(cache);
        Path jar = AppFiles.daemonJar();
        Path log = home.daemonLog();
        PrivateHome.createFile(log);
        Map<String, String> environment = new HashMap<>(System.getenv());
        DaemonCommand.environment(environment, home, log);
        long began = System.nanoTime();
        long pid = DaemonCommand.spawn(DaemonCommand.of(jar, home, false, "-XX:AOTCacheOutput=" + cache), environment, log);
        long deadline = System.nanoTime() + READY.toNanos();
        while (!client.ping().map(info -> "ready".equals(info.get("state"))).orElse(false)) {
            if (!Processes.running(pid) || System.nanoTime() > deadline) {
                err.println("berth aot-cache: the training daemon did not become ready; its log:");
                LogTail.lastLines(log, 20).forEach(err::println);
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                return 1;
            }
            DaemonLauncher.sleep(50);
        }
        try {
            client.exec(List.of("berth:shutdown"), out, err);
        } catch (IOException e) {
            // the daemon stops its framework while the answer is on its way: its end below is the answer
        }
        if (!Processes.awaitEnd(pid, EXIT)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            err.println("berth aot-cache: the training daemon did not end within " + EXIT.toSeconds() + " s");
            return 1;
        }
        Files.deleteIfExists(cache.resolveSibling(cache.getFileName() + ".config"));
        if (!Files.isRegularFile(cache)) {
            err.println("berth aot-cache: the JVM wrote no cache; the daemon's log:");
            LogTail.lastLines(log, 20).forEach(err::println);
            return 1;
        }
        // the daemon runs with umask 077; every user's daemon reads this one
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rw-r--r--"));
        out.printf("AOT cache %s made (%.1f MB) in %.1f s%n", cache, Files.size(cache) / 1e6,
                (System.nanoTime() - began) / 1e9);
        return 0;
    }
}
