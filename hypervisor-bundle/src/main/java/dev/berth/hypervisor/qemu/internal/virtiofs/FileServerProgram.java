package dev.berth.hypervisor.qemu.internal.virtiofs;

import dev.berth.api.files.FileShares;
import dev.berth.api.hypervisor.SharedFolderSpec;
import dev.berth.nativeio.Users;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The programs that can serve a shared folder to QEMU as a vhost-user file system, and how each is started. */
public enum FileServerProgram {
    /**
     * Berth's own server ({@code berth-virtiofs.jar}, a Java program beside the daemon's jar): runs as the user,
     * so every file the guest creates belongs to the user, and supports read-only shares.
     */
    BERTH {
        @Override
        List<String> command(SharedFolderSpec folder, Path socket) throws IOException {
            Path jar = serverJar();
            if (!Files.isRegularFile(jar)) {
                throw new IOException("the file server " + jar + " is missing; rebuild or reinstall Berth");
            }
            List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx64m", "-Xss512k",
                    "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar.toString(), "--socket-path=" + socket,
                    "--shared-dir=" + folder.hostPath(),
                    "--changes-socket=" + socket.resolveSibling(FileShares.CHANGES_SOCKET)));
            if (folder.readOnly()) c.add("--readonly");
            return c;
        }

        @Override
        boolean runs(ProcessHandle process) {
            return process.info().commandLine().map(c -> c.contains(JAR_NAME)).orElse(false);
        }
    },
    /**
     * QEMU 7.2's C virtiofsd: needs root, and then acts as root for the guest (it takes each guest process's ids);
     * kept for comparison in the benchmarks.
     */
    QEMU_VIRTIOFSD {
        private static final Path BINARY = Path.of("/usr/lib/qemu/virtiofsd");

        /**
         * {@code cache=auto}: close-to-open consistency with one-second metadata caching. No thread pool: with one,
         * the pool threads call sched_getaffinity, which virtiofsd's own seccomp filter forbids, and the kernel
         * kills virtiofsd (QEMU 7.2 on Debian 12). No xattr: measured 2x slower writes and 1.5-2x slower creates.
         */
        @Override
        List<String> command(SharedFolderSpec folder, Path socket) throws IOException {
            if (!Files.isExecutable(BINARY)) {
                throw new IOException("file sharing needs " + BINARY + "; install it with: sudo apt-get install "
                        + "qemu-system-common");
            }
            if (Users.effectiveUid() != 0) {
                throw new IOException("QEMU 7.2's virtiofsd must run as root; use Berth's own file server "
                        + "(setting qemu.fileServer: \"berth\")");
            }
            if (folder.readOnly()) {
                throw new IOException("cannot share " + folder.hostPath() + " read-only: QEMU 7.2's virtiofsd has no "
                        + "read-only mode; use Berth's own file server (setting qemu.fileServer: \"berth\")");
            }
            return List.of(BINARY.toString(), "--socket-path=" + socket,
                    "-o", "source=" + escape(folder.hostPath().toString()), "-o", "cache=auto",
                    "-o", "announce_submounts", "--thread-pool-size=0");
        }

        @Override
        boolean runs(ProcessHandle process) {
            return process.info().command().map(c -> c.equals(BINARY.toString())).orElse(false);
        }
    };

    /** The file name of Berth's file server jar, installed beside the daemon's jar. */
    static final String JAR_NAME = "berth-virtiofs.jar";

    /** The command that serves {@code folder} on {@code socket}; fails with the reason when it cannot. */
    abstract List<String> command(SharedFolderSpec folder, Path socket) throws IOException;

    /** Whether {@code process} is a server of this kind. */
    abstract boolean runs(ProcessHandle process);

    /** The program a setting names: {@code berth} or {@code virtiofsd}. */
    public static FileServerProgram named(String name) {
        return "virtiofsd".equalsIgnoreCase(name.strip()) ? QEMU_VIRTIOFSD : BERTH;
    }

    /** An option value as FUSE's option parser reads it: commas and backslashes are escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,");
    }

    /** Berth's server jar: in the folder named by {@code berth.lib}, else beside the jar this JVM runs. */
    static Path serverJar() {
        String lib = System.getProperty("berth.lib");
        if (lib != null && !lib.isBlank()) return Path.of(lib, JAR_NAME);
        Path classPath = Path.of(System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)[0]);
        Path dir = classPath.toAbsolutePath().getParent();
        return dir == null ? Path.of(JAR_NAME) : dir.resolve(JAR_NAME);
    }
}
