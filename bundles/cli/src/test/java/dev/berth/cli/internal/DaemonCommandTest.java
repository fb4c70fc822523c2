package dev.berth.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's AOT cache follows the daemon jar, so a new build gets a cache of its own. */
class DaemonCommandTest {
    @TempDir
    Path dir;

    @Test
    void aNewBuildOfTheJarGetsANewCacheAndTheOldOneGoes() throws Exception {
        Path jar = Files.writeString(dir.resolve("berth.jar"), "build one");
        Files.createDirectories(dir.resolve("home/state"));
        CliHome home = new CliHome(dir.resolve("home"));
        Path first = DaemonCommand.aotCache(jar, home);
        assertEquals(first, DaemonCommand.aotCache(jar, home), "the same build keeps its cache");
        assertTrue(DaemonCommand.of(jar, home, true).contains("-XX:AOTCacheOutput=" + first),
                "the first daemon of a build records the cache");
        Files.writeString(first, "cache");
        assertTrue(DaemonCommand.of(jar, home, true).contains("-XX:AOTCache=" + first), "later daemons use it");
        Files.writeString(dir.resolve("home/state/daemon-1-2.jsa"), "class data archive of an earlier release");
        Files.writeString(dir.resolve("home/state/daemon-3-4.aot.config"), "an unfinished training run's recording");
        Path ownRecording = Files.writeString(first.resolveSibling(first.getFileName() + ".config"), "training now");
        DaemonCommand.aotCache(jar, home);
        assertTrue(Files.exists(ownRecording), "the recording of this build's training run stays");

        Files.writeString(jar, "build two, longer");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
        Path second = DaemonCommand.aotCache(jar, home);
        assertNotEquals(first, second);
        assertFalse(Files.exists(first), "the old build's cache is removed");
        assertFalse(Files.exists(dir.resolve("home/state/daemon-1-2.jsa")), "so is an earlier release's archive");
        assertFalse(Files.exists(dir.resolve("home/state/daemon-3-4.aot.config")), "and an unfinished recording");
        assertFalse(Files.exists(ownRecording), "including the old build's own");
        assertTrue(DaemonCommand.of(jar, home, true).contains("-XX:AOTCacheOutput=" + second));
        assertTrue(DaemonCommand.of(jar, home, true).contains("-Dberth.vm.start=true"));
        assertFalse(DaemonCommand.of(jar, home, false).contains("-Dberth.vm.start=true"));
    }

    @Test
    void theDaemonLeadsASessionOfItsOwnAndWritesToTheLog() throws Exception {
        Path log = dir.resolve("daemon.log");
        long pid = DaemonCommand.spawn(List.of("/bin/sh", "-c", "echo \"started with $1\"; exec sleep 30", "daemon",
                "it's \"$HOME\" & co"), Map.of("HOME", "/nowhere"), log);
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            assertEquals(Long.toString(pid), stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3],
                    "its own session: no hang-up or Ctrl-C of the terminal reaches it");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!(Files.exists(log) && Files.readString(log).contains("started with it's \"$HOME\" & co"))) {
                assertTrue(System.nanoTime() < deadline, "the daemon's output reaches the log, arguments unchanged");
                Thread.sleep(20);
            }
        } finally {
            daemon.destroy();
        }
    }

    @Test
    void whatTheDaemonCreatesIsPrivate() throws Exception {
        Path log = dir.resolve("daemon.log");
        Path created = dir.resolve("created");
        DaemonCommand.spawn(List.of("/bin/sh", "-c", "mkdir \"$1.d\"; echo x >\"$1\"", "daemon", created.toString()),
                Map.of(), log);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.isRegularFile(created) && Files.size(created) > 0)) {
            assertTrue(System.nanoTime() < deadline, "the daemon ran");
            Thread.sleep(20);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("created.d"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }

    @Test
    void anInstalledPackagesDaemonsUseTheCacheMadeAtInstall() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("opt/berth/lib"));
        Path jar = Files.writeString(lib.resolve("berth.jar"), "the package's build");
        Path installed = dir.resolve("var/cache/berth/daemon.aot");
        Files.writeString(lib.resolve(Installation.PACKAGE_FILE), "package=deb\nversion=1\naotCache=" + installed + "\n");
        Files.createDirectories(dir.resolve("home/state"));
        CliHome home = new CliHome(dir.resolve("home"));
        assertTrue(DaemonCommand.of(jar, home, true).contains("-XX:AOTCacheOutput=" + DaemonCommand.aotCache(jar, home)),
                "without the installed cache (its making failed) the user's first daemon trains one, as before");
        Files.createDirectories(installed.getParent());
        Files.writeString(installed, "cache");
        List<String> cmd = DaemonCommand.of(jar, home, true);
        assertTrue(cmd.contains("-XX:AOTCache=" + installed), cmd.toString());
        assertFalse(cmd.stream().anyMatch(a -> a.startsWith("-XX:AOTCacheOutput")), "no user trains another");
    }
}
