package dev.berth.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spawned program leads a session of its own, reads nothing, writes into its log and is reaped when it ends. */
class SpawnTest {
    @TempDir
    Path dir;

    @Test
    void theChildLeadsItsOwnSessionWithTheGivenEnvironmentAndItsOutputInTheLog() throws Exception {
        Path log = dir.resolve("out.log");
        Files.writeString(log, "before\n");
        long pid = Spawn.detached(List.of("/bin/sh", "-c",
                "echo sid=$(cut -d' ' -f6 /proc/$$/stat) pid=$$ x=$X; cat; echo to-stderr >&2; ls /proc/$$/fd"),
                Map.of("X", "y", "PATH", "/usr/bin:/bin"), log);
        assertTrue(Processes.awaitEnd(pid, Duration.ofSeconds(20)), "ended");
        List<String> lines = Files.readAllLines(log);
        assertEquals("before", lines.getFirst(), "appended");
        assertEquals("sid=" + pid + " pid=" + pid + " x=y", lines.get(1), "a new session with the environment given");
        assertEquals("to-stderr", lines.get(2), "standard input was empty, standard error goes to the log");
        assertEquals(List.of("0", "1", "2"), lines.subList(3, lines.size()), "no descriptor of the parent's but the three");
    }

    @Test
    void aMissingProgramIsReportedWithTheReason() {
        IOException e = assertThrows(IOException.class, () -> Spawn.detached(List.of("/nonexistent/prog"), Map.of(),
                dir.resolve("x.log")));
        assertTrue(e.getMessage().contains("No such file"), e.getMessage());
    }

    @Test
    void anEndedChildIsReaped() throws Exception {
        long pid = Spawn.detached(List.of("/bin/true"), Map.of(), dir.resolve("t.log"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Files.exists(Path.of("/proc/" + pid)) && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(!Files.exists(Path.of("/proc/" + pid)), "no zombie left behind");
    }
}
