package dev.berth.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon log is rotated when it grows past its limit while the daemon runs, not only when a daemon starts. */
class DaemonLogFileTest {
    @TempDir
    Path dir;

    @Test
    void aLogThatGrowsPastItsLimitMovesAsideAndWritingGoesOnInANewFile() throws Exception {
        Path log = dir.resolve("daemon.log");
        PrintStream systemOut = System.out;
        PrintStream systemErr = System.err;
        try (PrintStream started = new PrintStream(new FileOutputStream(log.toFile(), true), true, StandardCharsets.UTF_8)) {
            DaemonLogFile file = new DaemonLogFile(log, 100, started);
            for (int i = 0; i < 20; i++) {
                String line = "line " + i;
                file.out().println(line);
                file.written(line.length() + 1);
            }
            System.out.println("from elsewhere in the daemon");
            Path previous = dir.resolve("daemon.log.1");
            assertTrue(Files.exists(previous), "the log was not rotated while running");
            assertTrue(Files.size(log) <= 100 + 10, "the current log stays near its limit: " + Files.size(log));
            assertTrue(Files.readString(previous).startsWith("line "), Files.readString(previous));
            String current = Files.readString(log);
            assertTrue(current.contains("line 19") && current.contains("from elsewhere in the daemon"), current);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        } finally {
            System.setOut(systemOut);
            System.setErr(systemErr);
        }
    }
}
