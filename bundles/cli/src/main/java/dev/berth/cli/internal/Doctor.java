package dev.berth.cli.internal;

import dev.berth.cli.host.KvmProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks what Berth needs on this machine and says how to fix each problem. */
final class Doctor {
    /** The outcome of one check. */
    enum Level { OK, WARN, FAIL }

    /**
     * One check's outcome.
     *
     * @param level how bad
     * @param what  what was checked and found
     * @param fix   what to do, empty when nothing
     */
    record Finding(Level level, String what, String fix) {
    }

    private final CliHome home;
    private final PrintStream out;

    Doctor(CliHome home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    /** Runs every check; returns 1 when any failed. */
    int run() {
        List<Finding> all = checks();
        for (Finding f : all) {
            out.printf("[%-4s] %s%n", f.level().name().toLowerCase(java.util.Locale.ROOT), f.what());
            if (!f.fix().isEmpty()) out.println("       fix: " + f.fix());
        }
        boolean failed = all.stream().anyMatch(f -> f.level() == Level.FAIL);
        out.println(failed ? "Some checks failed; Berth cannot run until they are fixed." : "Berth can run here.");
        return failed ? 1 : 0;
    }

    List<Finding> checks() {
        List<Finding> all = new ArrayList<>();
        all.add(java());
        all.add(HostChecks.qemu());
        all.add(HostChecks.kvm(KvmProbe.host()));
        all.add(HostChecks.diskSpace(home.root()));
        all.addAll(HostChecks.imageTools());
        all.add(socketPermissions());
        all.addAll(ToolsCheck.findings(home.root(), System.getenv("PATH")));
        try {
            all.addAll(SharingChecks.findings(AppFiles.daemonJar().getParent(), dev.berth.nativeio.Users.effectiveUid()));
        } catch (IOException e) {
            all.add(new Finding(Level.FAIL, e.getMessage(), "rebuild or reinstall Berth"));
        }
        return all;
    }

    private static Finding java() {
        int feature = Runtime.version().feature();
        return feature >= 25
                ? new Finding(Level.OK, "Java " + Runtime.version(), "")
                : new Finding(Level.FAIL, "Java " + Runtime.version() + " is too old; Berth needs Java 25",
                "install a JDK 25 (such as Temurin 25) and set JAVA_HOME to it");
    }

    private Finding socketPermissions() {
        Path run = home.root().resolve("run");
        if (!Files.isDirectory(run)) return new Finding(Level.OK, "no run folder yet at " + run, "");
        try {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(run));
            if (!mode.equals("rwx------")) {
                return new Finding(Level.FAIL, run + " has mode " + mode + ", so other users could reach Berth's sockets",
                        "chmod 700 " + run);
            }
            Optional<String> loose = Files.list(run).filter(p -> p.toString().endsWith(".sock"))
                    .filter(p -> !mode(p).equals("rw-------")).map(Path::toString).findFirst();
            return loose.map(p -> new Finding(Level.FAIL, p + " is not private (mode " + mode(Path.of(p)) + ")",
                            "chmod 600 " + p))
                    .orElse(new Finding(Level.OK, "sockets in " + run + " are private to you", ""));
        } catch (IOException e) {
            return new Finding(Level.WARN, "cannot check " + run + ": " + e.getMessage(), "");
        }
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            return "unknown";
        }
    }
}
