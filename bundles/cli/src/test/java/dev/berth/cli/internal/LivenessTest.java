package dev.berth.cli.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client sees the daemon end as soon as it has ended, reaped or not. */
class LivenessTest {
    @Test
    void anEndedProcessThatNobodyReapedHasEnded() throws Exception {
        // the short sleep's parent becomes the long sleep, which never reaps it: it stays a zombie for 5 s
        Process parent = new ProcessBuilder("/bin/sh", "-c", "sleep 0.2 & echo $!; exec sleep 5").start();
        try {
            long pid = Long.parseLong(parent.inputReader(StandardCharsets.US_ASCII).readLine().strip());
            assertTrue(Liveness.running(pid), "it runs at first");
            long t0 = System.nanoTime();
            assertTrue(Liveness.awaitEnd(pid, Duration.ofSeconds(3)), "its end is seen before it is reaped");
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 1_500);
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "the JDK still counts it alive, which is why the client reads /proc");
        } finally {
            parent.destroyForcibly();
        }
        assertFalse(Liveness.running(Long.MAX_VALUE), "a pid that does not exist does not run");
        assertFalse(Liveness.awaitEnd(ProcessHandle.current().pid(), Duration.ofMillis(100)),
                "a process that runs on is reported as such after the timeout");
    }
}
