package dev.berth.cli.internal;

import dev.berth.cli.internal.Doctor.Finding;
import dev.berth.cli.internal.Doctor.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/** What file sharing and published ports need of this machine: Berth's file server, and who may bind low ports. */
final class SharingChecks {
    static final String FILE_SERVER = "berth-virtiofs.jar";
    private static final Path PORT_START = Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");

    private SharingChecks() {
    }

    /** Both checks, for a daemon jar in {@code lib} run by the user {@code uid}. */
    static List<Finding> findings(Path lib, long uid) {
        return List.of(fileServer(lib), lowPorts(uid, PORT_START));
    }

    /** Berth's file server beside the daemon's jar: without it no folder can be shared. */
    static Finding fileServer(Path lib) {
        Path jar = lib.resolve(FILE_SERVER);
        return Files.isRegularFile(jar) ? new Finding(Level.OK, "file server at " + jar, "")
                : new Finding(Level.FAIL, "the file server " + jar + " is missing: no folder can be shared",
                        "rebuild Berth (./berth start from the source folder) or reinstall it");
    }

    /** Whether this user may publish ports below 1024, as the kernel's setting says. */
    static Finding lowPorts(long uid, Path setting) {
        int start;
        try {
            // by lines: Files.readString gets only the first byte of a sysctl file, whose size the kernel reports as 0
            start = Integer.parseInt(Files.readAllLines(setting).getFirst().strip());
        } catch (IOException | NumberFormatException | NoSuchElementException e) {
            return new Finding(Level.WARN, "cannot read " + setting + ": " + e.getMessage(), "");
        }
        if (uid == 0 || start == 0) return new Finding(Level.OK, "every port can be published", "");
        return new Finding(Level.WARN, "ports below " + start + " cannot be published by a normal user (docker run -p 80:80 "
                + "is refused with permission denied)", "publish a higher host port (-p 8080:80), or allow it for "
                + "every user: sudo sysctl net.ipv4.ip_unprivileged_port_start=80");
    }
}
