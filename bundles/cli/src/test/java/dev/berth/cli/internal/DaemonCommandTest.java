package dev.berth.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's class data archive follows the daemon jar, so a new build gets an archive of its own. */
class DaemonCommandTest {
    @TempDir
    Path dir;

    @Test
    void aNewBuildOfTheJarGetsANewArchiveAndTheOldOneGoes() throws Exception {
        Path jar = Files.writeString(dir.resolve("berth.jar"), "build one");
        Files.createDirectories(dir.resolve("home/state"));
        CliHome home = new CliHome(dir.resolve("home"));
        Path first = DaemonCommand.archive(jar, home);
        assertEquals(first, DaemonCommand.archive(jar, home), "the same build keeps its archive");
        Files.writeString(first, "archive");
        Files.writeString(dir.resolve("home/state/daemon.jsa"), "archive of a release that named it so");

        Files.writeString(jar, "build two, longer");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
        Path second = DaemonCommand.archive(jar, home);
        assertNotEquals(first, second);
        assertFalse(Files.exists(first), "the old build's archive is removed");
        assertFalse(Files.exists(dir.resolve("home/state/daemon.jsa")));
        assertTrue(DaemonCommand.of(jar, home, true).contains("-XX:SharedArchiveFile=" + second));
        assertTrue(DaemonCommand.of(jar, home, true).contains("-Dberth.vm.start=true"));
        assertFalse(DaemonCommand.of(jar, home, false).contains("-Dberth.vm.start=true"));
    }
}
