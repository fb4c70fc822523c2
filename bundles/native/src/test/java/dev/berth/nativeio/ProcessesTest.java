package dev.berth.nativeio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process that has ended counts as ended even while nobody has reaped it yet, through a pidfd and through /proc. */
class ProcessesTest {
    @Test
    void aZombieHasEndedThroughItsPidfd() throws Exception {
        Process parent = zombieMaker();
        try {
            long pid = Long.parseLong(parent.inputReader(StandardCharsets.US_ASCII).readLine().strip());
            assertTrue(Processes.running(pid), "it runs at first");
            end();
            assertTrue(Processes.pidfdWorks(pid), "this kernel gives a pidfd, so the pidfd path is the one tested");
            assertTrue(Processes.awaitEnd(pid, Duration.ofSeconds(3)), "its end is seen before it is reaped");
            assertFalse(Processes.running(pid), "it has ended");
            assertTrue(Processes.pidfdWorks(pid), "a zombie still has a pidfd, which is readable");
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "the JDK still counts the unreaped process alive");
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void aZombieHasEndedThroughProc() throws Exception {
        Process parent = zombieMaker();
        try {
            long pid = Long.parseLong(parent.inputReader(StandardCharsets.US_ASCII).readLine().strip());
            assertTrue(Processes.runningByProc(pid), "it runs at first");
            end();
            assertTrue(Processes.awaitEndByProc(pid, Duration.ofSeconds(3)), "its end is seen before it is reaped");
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "the JDK still counts the unreaped process alive");
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void aVirtualThreadSeesTheEndToo() throws Exception {
        Process parent = zombieMaker();
        try {
            long pid = Long.parseLong(parent.inputReader(StandardCharsets.US_ASCII).readLine().strip());
            boolean[] ended = new boolean[2];
            Thread.ofVirtual().start(() -> ended[0] = Processes.awaitEnd(pid, Duration.ofMillis(50))).join();
            end();
            Thread.ofVirtual().start(() -> ended[1] = Processes.awaitEnd(pid, Duration.ofSeconds(3))).join();
            assertFalse(ended[0], "it ran on");
            assertTrue(ended[1], "then it ended");
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void aProcessThatRunsOnIsReportedAfterTheTimeout() {
        long self = ProcessHandle.current().pid();
        assertTrue(Processes.running(self));
        assertFalse(Processes.awaitEnd(self, Duration.ofMillis(100)));
        assertFalse(Processes.awaitEnd(self, Duration.ZERO));
        assertFalse(Processes.awaitEndByProc(self, Duration.ofMillis(100)));
    }

    @Test
    void aPidNoProcessHasDoesNotRun() {
        assertFalse(Processes.running(Long.MAX_VALUE));
        assertFalse(Processes.running(Integer.MAX_VALUE), "beyond the kernel's pid_max");
        assertFalse(Processes.running(0));
        assertTrue(Processes.awaitEnd(Integer.MAX_VALUE, Duration.ofSeconds(1)));
        assertFalse(Processes.runningByProc(Integer.MAX_VALUE));
    }

    @Test
    void anInterruptedWaitReturnsWithTheInterruptStillSet() {
        Thread.currentThread().interrupt();
        try {
            assertFalse(Processes.awaitEnd(ProcessHandle.current().pid(), Duration.ofSeconds(1)));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @TempDir
    Path dir;

    /**
     * A shell whose background child runs until {@link #end} and then stays a zombie: its parent becomes a long
     * sleep, which never reaps it.
     */
    private Process zombieMaker() throws Exception {
        Process parent = new ProcessBuilder("/bin/sh", "-c", "(while [ ! -e \"$0\" ]; do sleep 0.01; done) & echo $!; exec sleep 30",
                dir.resolve("end").toString()).start();
        // until the shell has become sleep it may still reap the child itself, and on a loaded machine it did
        Path comm = Path.of("/proc", Long.toString(parent.pid()), "comm");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.readString(comm).strip().equals("sleep")) {
            if (System.nanoTime() > deadline) throw new AssertionError("the zombie maker never became sleep");
            Thread.sleep(5);
        }
        return parent;
    }

    /** Lets the zombie maker's child end. */
    private void end() throws Exception {
        Files.createFile(dir.resolve("end"));
    }
}
