package dev.berth.cli.internal;

import dev.berth.nativeio.Processes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Optional;

/** Detects and removes the pid file and socket left by a daemon that died without cleaning up. */
final class StaleDaemon {
    private final CliHome home;
    private final PrintStream out;

    StaleDaemon(CliHome home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    /** Removes stale files; a daemon process that is alive but mute is killed first. */
    void clean() throws IOException {
        Optional<Long> pid = readPid();
        if (pid.isPresent()) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive)
                    .filter(StaleDaemon::isBerthDaemon);
            if (process.isPresent()) {
                out.println("A Berth daemon (pid " + pid.get() + ") is running but does not answer; stopping it");
                process.get().destroy();
                if (!Processes.awaitEnd(pid.get(), java.time.Duration.ofSeconds(10))) process.get().destroyForcibly();
            } else {
                out.println("Cleaning up after a Berth daemon that exited without stopping (pid " + pid.get() + ")");
            }
        }
        Files.deleteIfExists(home.pidFile());
        Files.deleteIfExists(home.socket());
    }

    private Optional<Long> readPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(home.pidFile()).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isBerthDaemon(ProcessHandle p) {
        return p.info().arguments().map(args -> java.util.Arrays.asList(args).contains("-Dberth.daemon=true"))
                .orElse(true);
    }
}
