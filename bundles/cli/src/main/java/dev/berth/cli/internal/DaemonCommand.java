package dev.berth.cli.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs the daemon, detached from the terminal's session when {@code setsid} exists. */
final class DaemonCommand {
    private DaemonCommand() {
    }

    /** The daemon's command line; with {@code startVm} the daemon starts the VM as soon as it can. */
    static List<String> of(Path jar, CliHome home, boolean startVm) {
        List<String> cmd = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) cmd.add(setsid.toString());
        cmd.add(javaBinary());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xmx512m");
        cmd.add("-Xss512k");
        cmd.add("-XX:+AutoCreateSharedArchive");
        cmd.add("-XX:SharedArchiveFile=" + archive(jar, home));
        // a JVM or jar the archive does not fit only costs time; its complaints would only clutter the daemon log
        cmd.add("-Xlog:cds=off");
        cmd.add("-Xlog:cds+dynamic=off");
        cmd.add("-Dberth.home=" + home.root());
        cmd.add("-Dberth.daemon=true");
        if (startVm) cmd.add("-Dberth.vm.start=true");
        cmd.add("-Dlaunch.storage.dir=" + home.root().resolve("state").resolve("framework"));
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }

    /**
     * The class data archive for this daemon jar: named after the jar's size and time, because the JVM neither uses
     * nor rebuilds an archive made for another build of it ("shared class paths mismatch"), so a fixed name would
     * leave every later build without one. Archives of other builds are removed.
     */
    static Path archive(Path jar, CliHome home) {
        Path state = home.root().resolve("state");
        String name;
        try {
            name = "daemon-" + Long.toHexString(Files.size(jar)) + "-"
                    + Long.toHexString(Files.getLastModifiedTime(jar).toMillis()) + ".jsa";
        } catch (IOException e) {
            return state.resolve("daemon.jsa");
        }
        try (DirectoryStream<Path> old = Files.newDirectoryStream(state, "daemon*.jsa")) {
            for (Path p : old) if (!p.getFileName().toString().equals(name)) Files.deleteIfExists(p);
        } catch (IOException e) {
            // an old archive left behind only takes room
        }
        return state.resolve(name);
    }

    /** The java binary running this client, so client and daemon share one Java. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
