package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.e2e.BerthCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Drives the real {@code berth} launcher (daemon only): start, status, shell, stop, and recovery after SIGKILL. */
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherE2ETest {
    private static final Duration SHORT = Duration.ofSeconds(30);
    private static final Duration START = Duration.ofMinutes(20);

    @AfterAll
    static void stop() throws Exception {
        BerthCli.run(SHORT, "stop");
    }

    @Test
    @Order(1)
    void startStatusAndSecondStart() throws Exception {
        Result start = BerthCli.run(START, "start", "--no-vm");
        assertEquals(0, start.code(), start.all());
        assertTrue(start.out().contains("Berth daemon is ready"), start.all());
        long pid = BerthCli.daemonPid();
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "daemon pid " + pid);

        Result status = BerthCli.run(SHORT, "status");
        assertEquals(0, status.code(), status.all());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("daemon") && l.contains("running")), status.all());

        JsonNode json = new ObjectMapper().readTree(BerthCli.run(SHORT, "status", "--json").out());
        assertTrue(json.get("running").asBoolean());
        assertEquals("running", json.get("subsystems").get(0).get("state").asText());

        Result again = BerthCli.run(START, "start", "--no-vm");
        assertEquals(0, again.code(), again.all());
        assertTrue(again.out().contains("already running (pid " + pid + ")"), again.all());
        assertEquals(pid, BerthCli.daemonPid());
    }

    @Test
    @Order(2)
    void shellRunsCommandsOneShotAndInteractively() throws Exception {
        Result version = BerthCli.run(SHORT, "shell", "-c", "berth:version");
        assertEquals(0, version.code(), version.all());
        assertTrue(version.out().startsWith("Berth "), version.all());

        Result session = BerthCli.runWithInput(SHORT, "berth:status\nlb\nexit\n", "shell");
        assertEquals(0, session.code(), session.all());
        assertTrue(session.out().contains("berth> "), session.all());
        assertTrue(session.out().contains("settings"), session.all());
        assertTrue(session.out().contains("Berth Platform"), session.all());

        Result unknown = BerthCli.run(SHORT, "shell", "-c", "berth:nonsense");
        assertEquals(1, unknown.code(), unknown.all());
        assertTrue(unknown.err().contains("nonsense"), unknown.all());
    }

    @Test
    @Order(3)
    void brokenSettingsAreReportedWithTheirLine() throws Exception {
        Path settings = BerthCli.HOME.resolve("settings.json");
        Files.writeString(settings, "{\n  \"daemon\": {\n    \"logLevel\": INFO\n  }\n}\n");
        awaitSettingsLine(l -> l.contains("failed") && l.contains("line 3"));
        Files.writeString(settings, BerthCli.isolatedSettings());
        awaitSettingsLine(l -> l.contains("running"));
    }

    /** Polls berth status until the settings line fits, as the daemon's file watcher applies an edit. */
    private static void awaitSettingsLine(java.util.function.Predicate<String> fits) throws Exception {
        long deadline = System.nanoTime() + SHORT.toNanos();
        Result status;
        do {
            status = BerthCli.run(SHORT, "status");
            if (status.out().lines().anyMatch(l -> l.startsWith("settings") && fits.test(l))) return;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the settings line did not change in " + SHORT.toSeconds() + " s\n" + status.all());
    }

    @Test
    @Order(4)
    void startAfterSigkillCleansUpAndStartsAFreshDaemon() throws Exception {
        long before = BerthCli.daemonPid();
        ProcessHandle daemon = ProcessHandle.of(before).orElseThrow();
        new ProcessBuilder("kill", "-9", Long.toString(before)).start().waitFor();
        daemon.onExit().get();
        assertTrue(Files.exists(BerthCli.HOME.resolve("run").resolve("berth.sock")), "a stale socket is left");

        Result status = BerthCli.run(SHORT, "status");
        assertEquals(3, status.code(), status.all());
        assertTrue(status.out().contains("not running"), status.all());

        Result start = BerthCli.run(START, "start", "--no-vm");
        assertEquals(0, start.code(), start.all());
        assertTrue(start.out().contains("exited without stopping (pid " + before + ")"), start.all());
        long after = BerthCli.daemonPid();
        assertNotEquals(before, after);
        assertEquals(0, BerthCli.run(SHORT, "status").code());
    }

    @Test
    @Order(5)
    void stopEndsTheDaemonAndRemovesItsSocket() throws Exception {
        long pid = BerthCli.daemonPid();
        Result stop = BerthCli.run(Duration.ofMinutes(3), "stop");
        assertEquals(0, stop.code(), stop.all());
        assertFalse(BerthCli.running(pid), "daemon still alive");
        assertFalse(Files.exists(BerthCli.HOME.resolve("run").resolve("berth.sock")));
        assertEquals(3, BerthCli.run(SHORT, "status").code());
        Result second = BerthCli.run(SHORT, "stop");
        assertEquals(0, second.code(), second.all());
        assertTrue(second.out().contains("not running"), second.all());
    }

    @Test
    @Order(6)
    void doctorChecksTheMachine() throws Exception {
        Result doctor = BerthCli.run(SHORT, "doctor");
        assertTrue(doctor.out().contains("Java 25"), doctor.all());
        assertTrue(doctor.out().contains("KVM") || doctor.out().contains("kvm"), doctor.all());
        assertTrue(doctor.out().contains("GiB free"), doctor.all());
    }
}
