package dev.berth.cli.internal;

import dev.berth.nativeio.Spawn;
import dev.berth.nativeio.Users;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The command line that runs the daemon, and how it is started in a session of its own. */
final class DaemonCommand {
    private DaemonCommand() {
    }

    /**
     * The daemon's command line; with {@code startVm} the daemon starts the VM as soon as it can. An installed
     * package's daemons use the AOT cache made when it was installed; elsewhere each home trains its own.
     */
    static List<String> of(Path jar, CliHome home, boolean startVm) {
        Optional<Path> installed = Installation.of(jar.toAbsolutePath().getParent()).aotCache()
                .filter(Files::isReadable);
        if (installed.isPresent()) return of(jar, home, startVm, "-XX:AOTCache=" + installed.get());
        Path cache = aotCache(jar, home);
        // The first daemon of a build records which classes it loads and how its methods run; when it exits, the JVM
        // writes an AOT cache from that, and later daemons start with those classes loaded, linked and profiled.
        return of(jar, home, startVm, Files.isRegularFile(cache) ? "-XX:AOTCache=" + cache : "-XX:AOTCacheOutput=" + cache);
    }

    /** The daemon's command line with {@code aot}, the option that names its AOT cache or the one it writes. */
    static List<String> of(Path jar, CliHome home, boolean startVm, String aot) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.add("-XX:+UseSerialGC");
        // The JVM's first heap is 1/64 of the machine's memory (384 MiB on 24 GiB), and the young generation cycles
        // through all of it, so a daemon that keeps about 10 MiB alive would hold 200 MiB; start small, grow on need.
        cmd.add("-Xms16m");
        cmd.add("-Xmx512m");
        cmd.add("-Xss512k");
        cmd.add(aot);
        // a cache the JVM cannot use only costs time; its notes about classes it skips would clutter the daemon log
        cmd.add("-Xlog:aot*=off");
        cmd.add("-Xlog:cds*=off");
        cmd.add("-Dberth.home=" + home.root());
        // the folder Felix FileInstall watches for extension bundles
        cmd.add("-Dfelix.fileinstall.dir=" + home.root().resolve("extensions"));
        cmd.add("-Dberth.daemon=true");
        cmd.add("-Dberth.lib=" + jar.toAbsolutePath().getParent());
        if (startVm) cmd.add("-Dberth.vm.start=true");
        cmd.add("-Dlaunch.storage.dir=" + frameworkCache(home));
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }

    /** The folder where the daemon's framework keeps its bundle cache between runs. */
    static Path frameworkCache(CliHome home) {
        return home.root().resolve("state").resolve("framework");
    }

    /**
     * The AOT cache for this daemon jar: named after the jar's size and time, because the JVM does not use a cache
     * made for another build of it, so a fixed name would leave every later build without one. Caches of other
     * builds, what their unfinished training runs left, and the class data archives of earlier releases, are
     * removed.
     */
    static Path aotCache(Path jar, CliHome home) {
        Path state = home.root().resolve("state");
        String name;
        try {
            name = "daemon-" + Long.toHexString(Files.size(jar)) + "-"
                    + Long.toHexString(Files.getLastModifiedTime(jar).toMillis()) + ".aot";
        } catch (IOException e) {
            return state.resolve("daemon.aot");
        }
        // A training run the daemon did not finish leaves its recording (NAME.config) behind.
        try (DirectoryStream<Path> old = Files.newDirectoryStream(state, "daemon*.{aot,jsa,aot.config}")) {
            for (Path p : old) {
                String file = p.getFileName().toString();
                if (!file.equals(name) && !file.equals(name + ".config")) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // an old cache left behind only takes room
        }
        return state.resolve(name);
    }

    /**
     * Starts a daemon command line in a session of its own, with its output appended to {@code log}, and returns its
     * pid. It is started with {@code posix_spawn}, not as a {@link Process}: a JVM that still waits for a child's exit
     * when it quits first waits about 300 ms for that waiting thread, so every {@code berth start} that launched a
     * daemon would end that much later.
     *
     * <p>The daemon runs with umask 077, and so do the QEMU and file servers it starts: whatever they create under
     * Berth's home (guest memory, saved states, disks, logs, sockets) is private to the user.
     */
    static long spawn(List<String> daemon, Map<String, String> environment, Path log) throws IOException {
        // posix_spawn has no umask of its own: the child takes this process's, set for that moment only
        int before = Users.setUmask(0077);
        try {
            return Spawn.detached(daemon, environment, log);
        } finally {
            Users.setUmask(before);
        }
    }

    /**
     * Sets the daemon's environment: its home, its log, and a locale whose charset is UTF-8. The JVM names files in
     * the locale's charset, and in one that is not UTF-8 (LANG unset, as after {@code su -}) it cannot name a file such
     * as ca-certificates' {@code Főtanúsítvány.crt}, which the guest image holds; C.UTF-8 is built into glibc 2.35+.
     */
    static void environment(Map<String, String> env, CliHome home, Path log) {
        env.put("BERTH_HOME", home.root().toString());
        env.put("BERTH_DAEMON_LOG", log.toString());
        if (!namesUtf8(env)) env.put("LC_ALL", "C.UTF-8");
    }

    /** Whether the locale that an environment selects for character types (LC_ALL, else LC_CTYPE, else LANG) is UTF-8. */
    static boolean namesUtf8(Map<String, String> env) {
        String locale = "";
        for (String name : List.of("LC_ALL", "LC_CTYPE", "LANG")) {
            locale = env.getOrDefault(name, "");
            if (!locale.isEmpty()) break;
        }
        String charset = locale.substring(locale.indexOf('.') + 1).replace("-", "").toLowerCase(java.util.Locale.ROOT);
        return locale.contains(".") && charset.startsWith("utf8");
    }

    /** The java binary running this client, so client and daemon share one Java. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
