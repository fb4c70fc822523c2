package dev.berth.hypervisor.qemu.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A process that has ended counts as ended even while nobody has reaped it yet. */
class LivenessTest {
    @Test
    void aZombieHasEndedAlthoughTheJdkStillCountsItAlive() throws Exception {
        // the short sleep's parent becomes the long sleep, which never reaps it: it stays a zombie for 5 s
        Process parent = new ProcessBuilder("/bin/sh", "-c", "sleep 0.2 & echo $!; exec sleep 5").start();
        try {
            long pid = Long.parseLong(parent.inputReader(StandardCharsets.US_ASCII).readLine().strip());
            assertTrue(Liveness.running(pid), "it runs at first");
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (Liveness.running(pid)) {
                assertTrue(System.nanoTime() < deadline, "the ended process still counts as running");
                Thread.sleep(20);
            }
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "the JDK counts the unreaped process alive, which is why Liveness reads /proc");
        } finally {
            parent.destroyForcibly();
        }
        assertFalse(Liveness.running(Long.MAX_VALUE), "a pid that does not exist does not run");
    }
}
