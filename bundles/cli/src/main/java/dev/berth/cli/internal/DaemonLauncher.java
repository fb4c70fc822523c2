package dev.berth.cli.internal;

import dev.berth.cli.home.PrivateHome;
import dev.berth.nativeio.Processes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starts the daemon detached from the terminal, finds a running one, and stops it. */
final class DaemonLauncher {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    private final CliHome home;
    private final PrintStream out;
    private final PrintStream err;
    private final DaemonClient client;

    DaemonLauncher(CliHome home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
        this.client = new DaemonClient(home);
    }

    /** Starts the daemon unless one answers, then (with {@code withVm}) waits until Berth and its VM are ready. */
    int start(boolean withVm) throws IOException {
        prepareHome();
        Path lockPath = home.root().resolve("run").resolve("start.lock");
        PrivateHome.createFile(lockPath);
        try (FileChannel lockFile = FileChannel.open(lockPath, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            Optional<Map<String, String>> running = client.ping();
            if (running.isPresent()) {
                out.println("Berth is already running (pid " + running.get().get("pid") + ")");
                if (!awaitPing(Long.parseLong(running.get().get("pid")))) return 1;
            } else {
                new StaleDaemon(home, out).clean();
                long pid = spawn(withVm);
                if (!awaitPing(pid)) return 1;
            }
        }
        if (!withVm) {
            out.println("Berth daemon is ready (the VM was not started)");
            return 0;
        }
        int ready = client.exec(List.of("berth:ready"), out, err);
        if (ready != 0) return ready;
        int context = client.exec(List.of("berth:context"), out, err);
        String hint = ToolsCheck.pathHint(home.root(), System.getenv("PATH"));
        if (!hint.isEmpty()) out.println("The docker CLI Berth ships is in " + home.root().resolve("bin") + ": " + hint);
        return context;
    }

    /** Asks the daemon to stop and waits for its process to end. */
    int stop(boolean keepVm, boolean restoreContext) throws IOException {
        Optional<Map<String, String>> running = client.ping();
        if (running.isEmpty()) {
            new StaleDaemon(home, out).clean();
            out.println("Berth is not running");
            return 0;
        }
        long pid = Long.parseLong(running.get().get("pid"));
        if (restoreContext) client.exec(List.of("berth:context", "restore"), out, err);
        try {
            int code = keepVm ? client.exec(List.of("berth:shutdown", "--keep-vm"), out, err)
                    : client.exec(List.of("berth:shutdown"), out, err);
            if (code != 0) return code;
        } catch (IOException e) {
            // The daemon stops its framework while the answer is on its way: the process ending below is the answer.
            if (!Processes.running(pid)) {
                out.println("Berth stopped");
                return 0;
            }
        }
        if (!Processes.awaitEnd(pid, STOP_TIMEOUT)) {
            err.println("the daemon (pid " + pid + ") did not stop within " + STOP_TIMEOUT.toSeconds()
                    + " s; killing it");
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        out.println("Berth stopped");
        return 0;
    }

    /**
     * Stops this user's Berth for good: the daemon (the docker CLI going back to its earlier context), then a VM that
     * a {@code berth stop --keep-vm} left running without a daemon.
     */
    void stopAll() throws IOException {
        stop(false, true);
        Path pidFile = home.root().resolve("run").resolve("vm").resolve("qemu.pid");
        Optional<ProcessHandle> qemu;
        try {
            qemu = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return;
        }
        // only a QEMU of this home: a pid file can outlive its process, and the pid may be another program's by now
        Optional<ProcessHandle> ours = qemu.filter(ProcessHandle::isAlive).filter(p -> p.info().commandLine()
                .map(line -> line.contains("qemu") && line.contains(home.root().toString())).orElse(false));
        if (ours.isEmpty()) return;
        out.println("Stopping the VM left running (QEMU pid " + ours.get().pid() + ")");
        ours.get().destroy();
        if (!Processes.awaitEnd(ours.get().pid(), Duration.ofSeconds(10))) ours.get().destroyForcibly();
    }

    /** Stops and starts the daemon; with {@code daemonOnly} the VM keeps running. */
    int restart(boolean daemonOnly) throws IOException {
        int code = stop(daemonOnly, false);
        return code != 0 ? code : start(true);
    }

    private void prepareHome() throws IOException {
        List<Path> tightened = PrivateHome.prepare(home.root());
        if (!tightened.isEmpty()) {
            err.println("Other users could read Berth's home; made these private to you: " + tightened);
        }
    }

    private long spawn(boolean withVm) throws IOException {
        Path jar = AppFiles.daemonJar();
        Path log = home.daemonLog();
        LogRotation.rotate(log, 10L << 20);
        PrivateHome.createFile(log);
        Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        DaemonCommand.environment(environment, home, log);
        long pid = DaemonCommand.spawn(DaemonCommand.of(jar, home, withVm), environment, log);
        out.println("Starting Berth (daemon pid " + pid + ", log " + log + ")");
        return pid;
    }

    private boolean awaitPing(long pid) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (client.ping().map(info -> "ready".equals(info.get("state"))).orElse(false)) return true;
            if (Processes.running(pid)) {
                sleep(50);
                continue;
            }
            err.println("The Berth daemon exited during start. Last lines of " + home.daemonLog() + ":");
            LogTail.lastLines(home.daemonLog(), 20).forEach(err::println);
            resetFrameworkCache();
            return false;
        }
        err.println("The Berth daemon (pid " + pid + ") did not answer within " + START_TIMEOUT.toSeconds()
                + " s; see berth logs");
        return false;
    }

    /** Removes the framework's bundle cache, so that a start that failed does not fail again on a damaged cache. */
    private void resetFrameworkCache() {
        Path cache = DaemonCommand.frameworkCache(home);
        if (!Files.isDirectory(cache)) return;
        try (var paths = Files.walk(cache)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            err.println("(its bundle cache " + cache + " was reset: the next berth start installs the bundles afresh)");
        } catch (IOException e) {
            err.println("could not reset the bundle cache " + cache + ": " + e.getMessage());
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
